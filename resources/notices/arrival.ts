// 文献到馆通知 — sent at check-in.
export const arrival = {
  subject: '文献到馆通知 / Your interlibrary loan has arrived: {{title}} ({{requestId}})',
  text: `{{reader}} 您好：

您通过馆际互借申请的文献已到馆，请在取书截止日期前持证件到流通台取书。

申请号：{{requestId}}
题名：{{title}}
著者：{{author}}
借出馆：{{lender}}
到馆日期：{{checkedIn}}
取书架位：{{holdSlot}}
取书截止日期：{{pickUpBy}}
取书地点：{{library}} {{desk}} {{deskLocation}}
联系电话：{{deskPhone}}

逾期未取的文献将退还借出馆。

----
Dear {{reader}},

The item you requested through interlibrary loan has arrived. Please collect it at the desk with your card by the pick-up date.

Request: {{requestId}}
Title: {{title}}
Author: {{author}}
Lending library: {{lender}}
Arrived: {{checkedIn}}
Hold-shelf slot: {{holdSlot}}
Pick up by: {{pickUpBy}}
Where: {{library}} {{desk}} {{deskLocation}}
Phone: {{deskPhone}}

Items not collected by then are returned to the lending library.
`,
};
