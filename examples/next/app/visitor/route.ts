/** A route that sets the visitor's fact (a `customer` cookie), as a sign-in would, then shows the page again. */
import { NextResponse, type NextRequest } from "next/server";

export function GET(request: NextRequest) {
  const customer = request.nextUrl.searchParams.get("customer");
  // A relative Location: the browser stays on the host it asked (request.url may name another).
  const response = new NextResponse(null, { status: 303, headers: { location: "/" } });
  if (customer === "repeat_customer" || customer === "new_customer") response.cookies.set("customer", customer, { path: "/", sameSite: "lax" });
  else response.cookies.delete("customer");
  return response;
}
