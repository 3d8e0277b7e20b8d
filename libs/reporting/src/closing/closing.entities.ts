import { QuarterClosureEntity } from './quarter-closure.entity.js';
import { ReopenRequestEntity } from './reopen-request.entity.js';

export const CLOSING_ENTITIES = [QuarterClosureEntity, ReopenRequestEntity];
