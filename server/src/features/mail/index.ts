/** The mail feature's face: sending mail in the background. Import the feature only from here. */
export { actionMail, Mailer } from './mailer.ts';
