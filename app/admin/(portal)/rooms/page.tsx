import { RoomsPage } from "../../_components/rooms/rooms-page";

export default function Page() {
  return <RoomsPage />;
}
