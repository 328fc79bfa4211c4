import generated from "./generated/bridge.config.json";
import { BridgeConfig } from "./schema";

/**
 * The config `npm run build:config` validated and wrote at build time. Parsed once more here so the types
 * hold; a file that passed the build always passes this.
 */
export const bundledConfig: BridgeConfig = BridgeConfig.parse(generated);
