import { Suspense } from "react";
import { PacketsPage } from "../../../_components/money/packets-page";

// useSearchParams (the ?packet= sheet) needs a Suspense boundary for the static build
export default function Page() {
  return (
    <Suspense fallback={null}>
      <PacketsPage />
    </Suspense>
  );
}
