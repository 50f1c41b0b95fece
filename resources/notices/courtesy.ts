// 到期提醒 — three days before the reader's due date.
export const courtesy = {
  subject: '到期提醒 / Due soon: {{title}} ({{requestId}}) is due on {{dueDate}}',
  text: `{{reader}} 您好：

您借阅的馆际互借文献将于 {{dueDate}} 到期，请按时归还。馆际互借文献不能续借。

申请号：{{requestId}}
题名：{{title}}
借出馆：{{lender}}
应还日期：{{dueDate}}
归还地点：{{library}} {{desk}} {{deskLocation}}
联系电话：{{deskPhone}}

----
Dear {{reader}},

Your interlibrary loan is due on {{dueDate}}. Please return it on time; interlibrary loans cannot be renewed.

Request: {{requestId}}
Title: {{title}}
Lending library: {{lender}}
Due: {{dueDate}}
Return to: {{library}} {{desk}} {{deskLocation}}
Phone: {{deskPhone}}
`,
};
