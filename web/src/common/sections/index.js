// All shared sections. A view picks and orders them in its own list.
export { default as headline } from './headline.js';
export { default as concentration } from './concentration.js';
export { default as tiers } from './tiers.js';
export { default as clv } from './clv.js';
export { default as pAlive } from './palive.js';
export { default as model } from './model.js';
export { topCustomers, alerts, keyAccounts, accounts, reference } from './lists.js';
export { default as account360 } from './account360.js';
export { default as glossary } from './glossary.js';
export { default as evaluation } from './evaluation.js';
export { default as notes } from './notes.js';
export { default as plan } from './plan.js';
export { default as experts } from './experts.js';
