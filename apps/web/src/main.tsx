import { createRoot } from 'react-dom/client';

import { App } from './app/App';
import { routePrefetch } from './app/router';

// A route's prefetch starts its requests first (app/router.tsx): the first render is synchronous and long.
void routePrefetch.then(() => createRoot(document.getElementById('root')!).render(<App />));
