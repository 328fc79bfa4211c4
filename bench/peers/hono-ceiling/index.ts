import { Hono } from "hono";

/**
 * The ceiling: a bare Hono Worker on the same workerd and `wrangler dev` setup as the bridge, answering 200 to
 * every route without reading the body or checking anything. No webhook handler can be faster than this.
 */
const app = new Hono();
app.all("*", (c) => c.text("ok"));

export default app;
