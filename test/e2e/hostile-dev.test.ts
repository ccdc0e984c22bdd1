/**
 * The hostile-input table through the dev server (`vite dev`, what `npm run dev` serves),
 * over HTTP on one kept-alive connection, each request with a body followed by another.
 */
import { inject } from "vitest";
import { hostileOverHttp } from "./hostile-http";

const baseUrl = inject("baseUrl");
hostileOverHttp("the dev server", () => baseUrl);
