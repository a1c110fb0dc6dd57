import { BalancesPage } from "../../../_components/money/balances-page";

export default function Page() {
  return <BalancesPage />;
}
