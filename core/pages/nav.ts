// What a signed-in person may open, by role: the navigation bar of the admin pages, the dialer and /status, and
// the page a sign-in lands on (so a `user` who opens / gets the dialer, not a 403 whose "back" link is / again).
// The roles mirror the guards of routes/table.ts; tests/e2e/roles-nav.test.ts checks that each link shown opens.
import { escapeHtml as e } from "../../lib/html.ts";
import type { Role } from "../auth/roles.ts";

interface NavLink {
  href: string;
  text: string;
  /** Roles besides admin that may open it. */
  roles: readonly Role[];
}

const LINKS: readonly NavLink[] = [
  { href: "/", text: "Phones", roles: [] },
  { href: "/reports", text: "Reports", roles: [] },
  { href: "/fleet", text: "Fleet", roles: [] },
  { href: "/audit-log", text: "Audit log", roles: [] },
  { href: "/contact-sources", text: "Contact sources", roles: [] },
  { href: "/accounts", text: "SIP accounts", roles: [] },
  { href: "/call", text: "Dialer", roles: ["user"] },
  { href: "/status", text: "Status", roles: ["monitor"] },
];

/** Where each role starts: the first page it may open. */
export const LANDING_PAGE: Readonly<Record<Role, string>> = { admin: "/", monitor: "/status", user: "/call" };

const mayOpen = (link: NavLink, role: Role | undefined) => role === undefined || role === "admin" || link.roles.includes(role);

/**
 * The bar at the top: the instance's name, then the links `role` may open, `current` marked. Without a role (the
 * phone-book overview, opened with a key rather than a sign-in) every link is shown; each asks for a sign-in.
 */
export function navigationHtml(name: string, role: Role | undefined, current: string): string {
  const links = LINKS.filter((l) => mayOpen(l, role))
    .map((l) => `<a href="${e(l.href)}"${l.href === current ? ' aria-current="page"' : ""}>${e(l.text)}</a>`);
  return `<header class="top"><strong class="brand">${e(name)}</strong>${links.join("")}</header>`;
}
