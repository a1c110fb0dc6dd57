import { MutingPage } from "../../_components/muting/muting-page";

export default function Page() {
  return <MutingPage />;
}
