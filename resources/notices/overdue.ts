// 逾期通知 — one text for the notices at 1, 7 and 14 days overdue ({{daysOverdue}} says which).
export const overdue = {
  subject: '逾期通知 / Overdue: {{title}} ({{requestId}}) was due on {{dueDate}}',
  text: `{{reader}} 您好：

您借阅的馆际互借文献已逾期 {{daysOverdue}} 天（应还日期 {{dueDate}}），请立即归还。逾期将影响您今后使用馆际互借服务。

申请号：{{requestId}}
题名：{{title}}
借出馆：{{lender}}
应还日期：{{dueDate}}
归还地点：{{library}} {{desk}} {{deskLocation}}
联系电话：{{deskPhone}}

----
Dear {{reader}},

Your interlibrary loan is {{daysOverdue}} day(s) overdue (it was due on {{dueDate}}). Please return it at once; overdue loans may stop you from using interlibrary loan.

Request: {{requestId}}
Title: {{title}}
Lending library: {{lender}}
Due: {{dueDate}}
Return to: {{library}} {{desk}} {{deskLocation}}
Phone: {{deskPhone}}
`,
};
