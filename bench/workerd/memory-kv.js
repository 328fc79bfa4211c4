/**
 * An in-memory stand-in for a KV namespace, bound with workerd's wrapped bindings so the bridge runs on plain
 * workerd without Miniflare's storage worker. Production KV is a remote service whose work is not billed to the
 * Worker's CPU; keeping storage in the isolate costs less than either, so KV-heavy paths read slightly low here.
 * An optional `seed` inner binding (JSON: [{key, value, metadata}], as `wrangler kv bulk put` takes) fills it at
 * start. Keys are kept sorted for `list`, which pages by the last key returned.
 */
class MemoryKv {
  #entries = new Map();
  /** Every key, sorted; rebuilt on the first `list` after a key was added or removed. */
  #sorted = null;

  constructor(seed) {
    for (const { key, value, metadata } of seed) this.#entries.set(key, { value, metadata, expiresAt: undefined });
  }

  #live(key) {
    const entry = this.#entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      this.#sorted = null;
    }
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
    if (!this.#entries.has(key)) this.#sorted = null;
    this.#entries.set(key, { value: text, metadata, expiresAt: ttl ? Date.now() + ttl * 1000 : undefined });
  }

  async delete(key) {
    if (this.#entries.delete(key)) this.#sorted = null;
  }

  async list(options = {}) {
    if (this.#sorted === null) this.#sorted = [...this.#entries.keys()].sort();
    const sorted = this.#sorted;
    const prefix = options.prefix ?? "";
    const after = options.cursor ?? "";
    const limit = options.limit ?? 1000;
    // First key past both the prefix start and the cursor, by binary search.
    // (Strings: Math.max would not do.)
    let from = prefix;
    if (after > from) from = after;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (sorted[middle] < from || (sorted[middle] === after && after !== "")) low = middle + 1;
      else high = middle;
    }
    const keys = [];
    let index = low;
    for (; index < sorted.length && keys.length < limit; index++) {
      const name = sorted[index];
      if (!name.startsWith(prefix)) break;
      const entry = this.#live(name);
      if (entry) keys.push({ name, metadata: entry.metadata });
    }
    const done = index >= sorted.length || !sorted[index].startsWith(prefix);
    const cursor = done ? undefined : keys[keys.length - 1]?.name;
    return { keys, list_complete: done, cursor, cacheStatus: null };
  }
}

export default function makeBinding(env) {
  const seed = env?.seed ? JSON.parse(new TextDecoder().decode(env.seed)) : [];
  return new MemoryKv(seed);
}
