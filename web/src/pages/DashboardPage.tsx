/** Tổng quan: the module lives in ./dashboard (figures of the chosen locality, deadlines, quick links). */
export { default } from './dashboard/DashboardModule';
