export { cleanSet, personalDataSet, type LabelledText, type PersonalDataKind } from './personal-data/texts.js';
export { PHONE_COUNTRIES } from './personal-data/values.js';
export { REDACTION_TARGETS, scoreRedaction, type KindScore, type RedactionScore } from './personal-data/score.js';
