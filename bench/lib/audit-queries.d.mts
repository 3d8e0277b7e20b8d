// Types of audit-queries.mjs for the TypeScript test that imports it.
export declare const VIEWER_TREE: string;
export declare const HUGE_STATISTICS: { query: string; variables: { q: Record<string, unknown> } };
export declare const REPORTS_WITH_VERSIONS: string;
