// What every casework route module is given: the office's web helpers and casework's services.
import type { OfficeWeb } from '../office/office-web.ts';
import type { Casework } from './casework.ts';

export type CaseworkRouteDeps = { web: OfficeWeb; casework: Casework };
