// Types of scripts/launch.mjs (plain JavaScript: it runs before anything is compiled).
export declare const SOURCE_DIRS: readonly string[];
export declare const STAMP: string;
export declare function newestSource(root: string): number;
export declare function isStale(root: string): boolean;
export declare function ensureBuilt(root: string): boolean;
export declare function build(root: string): boolean;
