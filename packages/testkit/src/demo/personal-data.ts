export { cleanSet, personalDataSet, type LabelledText, type PersonalDataKind } from './personal-data/texts.js';
export { PHONE_COUNTRIES } from './personal-data/values.js';
