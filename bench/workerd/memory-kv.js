/**
 * An in-memory stand-in for a KV namespace, bound with workerd's wrapped bindings so the bridge runs on plain
 * workerd without Miniflare's storage worker. Production KV is a remote service whose work is not billed to the
 * Worker's CPU; keeping storage in the isolate costs less than either, so KV-heavy paths read slightly low here.
 */
class MemoryKv {
  #entries = new Map();

  #live(key) {
    const entry = this.#entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) this.#entries.delete(key);
    return this.#entries.get(key);
  }

  async get(key, options) {
    return (await this.getWithMetadata(key, options)).value;
  }

  async getWithMetadata(key, options) {
    const entry = this.#live(key);
    if (!entry) return { value: null, metadata: null };
    const type = typeof options === "string" ? options : (options?.type ?? "text");
    const value = type === "json" ? JSON.parse(entry.value) : entry.value;
    return { value, metadata: entry.metadata ?? null };
  }

  async put(key, value, options = {}) {
    const text = typeof value === "string" ? value : await new Response(value).text();
    const ttl = options.expirationTtl ?? (options.expiration ? options.expiration - Date.now() / 1000 : undefined);
    const metadata = options.metadata === undefined ? undefined : structuredClone(options.metadata);
    this.#entries.set(key, { value: text, metadata, expiresAt: ttl ? Date.now() + ttl * 1000 : undefined });
  }

  async delete(key) {
    this.#entries.delete(key);
  }

  async list(options = {}) {
    const names = [...this.#entries.keys()].filter((name) => name.startsWith(options.prefix ?? "") && this.#live(name));
    names.sort();
    const start = Number(options.cursor ?? 0);
    const limit = options.limit ?? 1000;
    const page = names.slice(start, start + limit);
    const done = start + limit >= names.length;
    const keys = page.map((name) => ({ name, metadata: this.#entries.get(name)?.metadata }));
    return { keys, list_complete: done, cursor: done ? undefined : String(start + limit), cacheStatus: null };
  }
}

export default function makeBinding() {
  return new MemoryKv();
}
