/**
 * The part of the Workers runtime's `HTMLRewriter` Slotwise uses (lol-html
 * underneath), typed here so the package needs no @cloudflare/workers-types.
 */
export interface RewriterElement {
  readonly tagName: string;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  setAttribute(name: string, value: string): RewriterElement;
  prepend(content: string, options?: { html?: boolean }): RewriterElement;
  append(content: string, options?: { html?: boolean }): RewriterElement;
}

export interface HtmlRewriter {
  on(selector: string, handlers: { element?(element: RewriterElement): void }): HtmlRewriter;
  transform(response: Response): Response;
}

export type HtmlRewriterClass = new () => HtmlRewriter;

/** The runtime's HTMLRewriter, if this runtime has one (Cloudflare Workers, workerd, miniflare). */
export function runtimeRewriter(): HtmlRewriterClass | undefined {
  const found = (globalThis as { HTMLRewriter?: HtmlRewriterClass }).HTMLRewriter;
  return typeof found === "function" ? found : undefined;
}
