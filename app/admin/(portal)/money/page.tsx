import { TotalsPage } from "../../_components/money/totals-page";

export default function Page() {
  return <TotalsPage />;
}
