/** All language packs, keyed by language code. */
import type { LangPack } from './schema';
import { ar } from './templates-ar';
import { de } from './templates-de';
import { en } from './templates-en';
import { es } from './templates-es';
import { fr } from './templates-fr';
import { hi } from './templates-hi';
import { ru } from './templates-ru';
import { sw } from './templates-sw';
import { zh } from './templates-zh';

export const PACKS: Record<string, LangPack> = { ar, de, en, es, fr, hi, ru, sw, zh };
