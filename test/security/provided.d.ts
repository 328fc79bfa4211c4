/** Values vitest.config.mts provides to the workers suite (`inject`). */
declare module "vitest" {
  export interface ProvidedContext {
    /** Requests per route in the fuzz suite. */
    fuzzRuns: number;
  }
}

export {};
