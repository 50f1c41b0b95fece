// 召回通知 — the lending library wants its book back before the due date.
export const recall = {
  subject: '文献召回通知 / Recall: please return {{title}} ({{requestId}})',
  text: `{{reader}} 您好：

借出馆 {{lender}} 召回了您借阅的馆际互借文献，请尽快将其归还至流通台。

申请号：{{requestId}}
题名：{{title}}
原应还日期：{{dueDate}}
归还地点：{{library}} {{desk}} {{deskLocation}}
联系电话：{{deskPhone}}

----
Dear {{reader}},

The lending library {{lender}} has recalled the interlibrary loan you have. Please return it to the desk as soon as possible.

Request: {{requestId}}
Title: {{title}}
Was due: {{dueDate}}
Return to: {{library}} {{desk}} {{deskLocation}}
Phone: {{deskPhone}}
`,
};
