// Editing as a section of the site (office/section.ts): the service, the pages it shows editors,
// and their routes under /office/content.
import type { AuditKeys } from '../audit/audit.ts';
import type { PortalContent } from '../content/content.cache.ts';
import type { ContentFiles } from '../content/content.types.ts';
import type { ContentWatch } from '../content/content-watch.ts';
import type { Store } from '../db/database.ts';
import type { Section } from '../office/section.ts';
import { createEditingPages } from './editing.pages.ts';
import { editingRoutes } from './editing.routes.tsx';
import { createEditing } from './editing.service.ts';

export function createEditingSection(deps: {
  store: Store;
  keys: AuditKeys;
  watch: ContentWatch;
  content: () => PortalContent;
  casework: ContentFiles['casework'];
  now?: () => number;
}): Section {
  const editing = createEditing(deps);
  const pages = createEditingPages({ editing, store: deps.store, content: deps.content });
  return {
    officeRoutes: (scope, web) => editingRoutes(scope, { web, pages }),
  };
}
