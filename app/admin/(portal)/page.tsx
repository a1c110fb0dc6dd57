import { redirect } from "next/navigation";
import { ADMIN_HOME } from "../_components/nav";

// /admin: the first page until there is a dashboard
export default function AdminHome() {
  redirect(ADMIN_HOME);
}
