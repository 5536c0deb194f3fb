/**
 * Synthetic Chinese names: a surname drawn by its approximate national frequency and one or two given-
 * name characters from lists that lean male or female. Any resemblance to a real person is chance.
 */
import { cumulative, type Rng } from './random.ts';

// Approximate shares (‰) of the most common surnames.
const SURNAMES: ReadonlyArray<[string, number]> = [
  ['王', 72],
  ['李', 72],
  ['张', 68],
  ['刘', 54],
  ['陈', 45],
  ['杨', 32],
  ['黄', 23],
  ['赵', 22],
  ['吴', 20],
  ['周', 19],
  ['徐', 14],
  ['孙', 13],
  ['马', 12],
  ['朱', 11],
  ['胡', 11],
  ['郭', 11],
  ['何', 10],
  ['林', 9],
  ['高', 9],
  ['罗', 9],
  ['郑', 8],
  ['梁', 8],
  ['谢', 7],
  ['宋', 7],
  ['唐', 6],
  ['许', 6],
  ['韩', 6],
  ['邓', 6],
  ['冯', 6],
  ['曹', 5],
  ['彭', 5],
  ['曾', 5],
  ['肖', 5],
  ['田', 5],
  ['董', 5],
  ['潘', 4],
  ['袁', 4],
  ['蔡', 4],
  ['蒋', 4],
  ['余', 4],
  ['于', 4],
  ['杜', 4],
  ['叶', 4],
  ['程', 4],
  ['魏', 3],
  ['苏', 3],
  ['吕', 3],
  ['丁', 3],
  ['任', 3],
  ['卢', 3],
  ['姚', 3],
  ['沈', 3],
  ['钟', 3],
  ['姜', 3],
  ['崔', 3],
  ['谭', 3],
  ['陆', 2],
  ['范', 2],
  ['汪', 2],
  ['廖', 2],
  ['石', 2],
  ['金', 2],
  ['韦', 2],
  ['贾', 2],
  ['夏', 2],
  ['付', 2],
  ['方', 2],
  ['邹', 2],
  ['熊', 2],
  ['白', 2],
  ['孟', 2],
  ['秦', 2],
  ['邱', 2],
  ['侯', 2],
  ['江', 2],
  ['尹', 2],
  ['薛', 2],
  ['闫', 2],
  ['段', 2],
  ['雷', 2],
  ['龙', 1],
  ['黎', 1],
  ['史', 1],
  ['陶', 1],
  ['贺', 1],
  ['毛', 1],
  ['郝', 1],
  ['顾', 1],
  ['龚', 1],
  ['邵', 1],
  ['万', 1],
  ['覃', 1],
  ['武', 1],
  ['钱', 1],
  ['戴', 1],
  ['严', 1],
  ['欧阳', 1],
  ['司马', 1],
  ['诸葛', 1],
];
const SURNAME_CUM = cumulative(SURNAMES.map(([, w]) => w));

const MALE = [
  ...'伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘',
];
const FEMALE = [
  ...'秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽',
];

export function syntheticName(rng: Rng, sex: 'male' | 'female', surname?: string): string {
  const family = surname ?? SURNAMES[rng.weighted(SURNAME_CUM)]![0];
  const chars = sex === 'male' ? MALE : FEMALE;
  const given = rng.chance(0.72) ? rng.pick(chars) + rng.pick(chars) : rng.pick(chars);
  return family + given;
}

export function surnameOf(name: string): string {
  for (const [s] of SURNAMES) if (s.length > 1 && name.startsWith(s)) return s;
  return name.slice(0, 1);
}
