// Types of bin/build.js, which stays plain JavaScript so that Node runs it without Bun.
export declare const root: string;
export declare const distDir: string;
export declare function bundleEntry(dir?: string): string;
export declare function newestSourceTime(): number;
export declare function isBundleFresh(): boolean;
/** Undefined on success, else Bun's error output. */
export declare function buildBundle(bun: string, outdir?: string): string | undefined;
