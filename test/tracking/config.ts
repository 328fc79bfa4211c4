/** Every notifier type, all on by default: tests assert what each one sent. */
export const ALL_NOTIFIERS = `
version: 1
notifiers:
  - name: log
    type: log
  - name: slack
    type: slack
    channel: C-ALERTS
  - name: github
    type: github
  - name: hook
    type: webhook
    url: http://studio.test/receiver/hook
    secret: OUTGOING_WEBHOOK_SECRET
notify: [log, slack, github, hook]
`;
