import { createServer } from "node:http";
import { createNodeMiddleware, Probot } from "probot";

/**
 * The push scenario as a Probot app on Node: Probot (through @octokit/webhooks) verifies X-Hub-Signature-256,
 * parses the body and runs the handler before it answers. The handler does what the bridge's `train-on-main`
 * rule does on the ack path: match the branch and the changed paths, and hand the action to a queue (here an
 * in-memory one, trimmed so it does not grow through the run).
 */
const port = Number(process.env.PORT);
const queue: unknown[] = [];

const probot = new Probot({
  githubToken: process.env.GITHUB_TOKEN ?? "bench-token",
  secret: process.env.GITHUB_WEBHOOK_SECRET,
  logLevel: "warn",
});

const trainOnMain = (app: Probot) => {
  app.on("push", async (context) => {
    const { ref, commits, after } = context.payload;
    if (ref !== "refs/heads/main") return;
    const changed = commits.flatMap((commit) => [
      ...(commit.added ?? []),
      ...(commit.modified ?? []),
      ...(commit.removed ?? []),
    ]);
    if (!changed.some((path) => path.startsWith("src/") && !path.endsWith(".md"))) return;
    queue.push({ rule: "train-on-main", sha: after, delivery: context.id });
    if (queue.length > 1000) queue.length = 0;
  });
};

const middleware = await createNodeMiddleware(trainOnMain, { probot, webhooksPath: "/webhooks/github" });
createServer((request, response) => {
  if (request.url === "/healthz") return void response.end("ok");
  middleware(request, response, () => response.writeHead(404).end());
}).listen(port, "127.0.0.1");
