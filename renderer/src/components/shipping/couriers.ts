// The couriers BALIS libraries use. The value kept with a shipment is the company's Chinese name
// (as the consortium's records write it) whatever the interface language; any other courier may be typed.
export const COURIERS = [
  { value: 'EMS', key: 'EMS' },
  { value: '顺丰速运', key: 'shunfeng' },
  { value: '京东物流', key: 'jingdong' },
  { value: '中通快递', key: 'zhongtong' },
  { value: '宅急送', key: 'zhaijisong' },
  { value: '馆际互借专车', key: 'shuttle' },
] as const;

export type CourierKey = (typeof COURIERS)[number]['key'];
