/**
 * The per-response CSP nonce, for every <style> element this app's own code creates. Ant Design's ConfigProvider
 * passes it to its CSS-in-JS, but two helpers beneath it (the scroll-bar measurer and a modal's scroll lock, in
 * @rc-component) write a <style> without it, and the policy blocks them. Markup injected as HTML does not come through
 * createElement, so a stray <style> in content stays blocked.
 */
export function readNonce(): string | undefined {
  return document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content || undefined;
}

export function stampStyleNonce(nonce: string | undefined): void {
  if (!nonce) return;
  const create = Document.prototype.createElement;
  Document.prototype.createElement = function (this: Document, tag: string, options?: ElementCreationOptions) {
    const el = create.call(this, tag, options);
    if (tag.toLowerCase() === 'style') el.setAttribute('nonce', nonce);
    return el;
  } as typeof Document.prototype.createElement;
}
