// Renders a view to a complete HTML document. preact-render-to-string escapes every text and
// attribute value, so visitor input can never become markup.
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

export function renderDocument(view: VNode): string {
  return `<!DOCTYPE html>${renderToString(view)}`;
}
