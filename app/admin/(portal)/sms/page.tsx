import { Suspense } from "react";
import { SmsPage } from "../../_components/sms/sms-page";

// useSearchParams (the ?mobile= filter) needs a Suspense boundary for the static build
export default function Page() {
  return (
    <Suspense fallback={null}>
      <SmsPage />
    </Suspense>
  );
}
