import { useEffect } from 'react';

/**
 * A class on <html> while a briefing page is open: the projector sizes its type from the viewport (rem) and the
 * sheet of paper has its own background, without touching the app's other pages once the person leaves.
 */
export function useRootClass(name: string): void {
  useEffect(() => {
    const root = document.documentElement;
    root.classList.add(name);
    return () => root.classList.remove(name);
  }, [name]);
}
