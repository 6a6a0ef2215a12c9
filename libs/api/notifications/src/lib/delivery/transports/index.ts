export {
  AddressRefused,
  assertPublicHost,
  assertPublicUrl,
  checkedLookup,
  classifyAddress,
} from '../address-guard';
export type { AddressClass, CheckedAddress, Resolver } from '../address-guard';
export {
  emailSubject,
  renderDiscord,
  renderEmail,
  renderSlack,
  renderSms,
  renderTeams,
  renderTelegram,
  renderWebhook,
  slackColor,
} from './render';
export * from './transport';
export { createTransports } from './transports';
export type { TransportOptions } from './transports';
