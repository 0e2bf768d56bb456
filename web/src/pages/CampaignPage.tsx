/** Chiến dịch không dùng tiền mặt: the module lives in ./campaign (shares, targets, drill-down, stages). */
export { default } from './campaign/CampaignModule';
