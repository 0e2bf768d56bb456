/** Danh sách chi trả: the module lives in ./payroll (list, cycle view, approvals, funding, exports). */
export { default } from './payroll/PayrollModule';
