import { ReportsPage } from "../../_components/reports/reports-page";

export default function Page() {
  return <ReportsPage />;
}
