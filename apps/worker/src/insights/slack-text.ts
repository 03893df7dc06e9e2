/**
 * Slack's mrkdwn treats `<…>` as links and mentions (`<!channel>`, `<@U…>`) and `&` as the start
 * of an entity; escaping these three is what Slack asks for to show text as written.
 */
export function slackEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
