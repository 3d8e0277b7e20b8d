// GraphiQL's editor (Monaco) does its parsing, validation and completion in web workers. Vite bundles each worker
// as a file of our own origin (the `?worker` imports), so nothing comes from a CDN and `worker-src 'self'` suffices.
// Imported for its side effect, before GraphiQL mounts.
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import JsonWorker from 'monaco-editor/esm/vs/language/json/json.worker.js?worker';
import GraphQLWorker from 'monaco-graphql/esm/graphql.worker.js?worker';

(globalThis as unknown as { MonacoEnvironment: { getWorker(id: string, label: string): Worker } }).MonacoEnvironment = {
  getWorker(_id, label) {
    if (label === 'graphql') return new GraphQLWorker();
    if (label === 'json') return new JsonWorker();
    return new EditorWorker();
  },
};
