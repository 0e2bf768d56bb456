/** Báo cáo: the module lives in ./reports (exports of the lists, reconciliation, campaign; audit check). */
export { default } from './reports/ReportsModule';
