"""Text normalisation for matching: full-width to half-width, traditional to simplified, canonical label keys."""
from __future__ import annotations

import re

# Traditional → simplified for the characters of the format's headings and labels and of common agency names.
# One character each way, so normalising keeps every line's length and position.
_TRAD = (
    "萬万與与業业東东為为舉举鄉乡書书產产從从們们價价眾众優优會会傳传體体關关興兴養养內内農农決决況况減减劃划則则創创"
    "製制辦办務务動动勞劳勢势區区醫医華华協协單单衛卫廳厅歷历曆历壓压縣县參参雙双發发變变臺台號号員员響响團团園园圍围"
    "國国圖图場场塊块堅坚執执擴扩報报護护擔担擬拟擇择據据數数斷断無无舊旧時时顯显術术機机雜杂權权條条來来極极構构標标"
    "欄栏檔档檢检樓楼歡欢氣气匯汇彙汇漢汉溝沟沒没滬沪澤泽潔洁濟济潤润灣湾滿满濱滨滅灭靈灵災灾點点熱热愛爱狀状獨独環环"
    "現现電电畫画監监確确離离積积稱称稅税穩稳競竞類类緊紧紅红約约級级紀纪糾纠納纳縱纵紙纸線线組组細细織织終终經经結结"
    "給给統统繼继績绩續续維维綜综綠绿編编繳缴網网罰罚職职聯联聽听舉举藝艺節节範范獲获營营藥药補补規规視视覽览觀观訂订"
    "認认討讨讓让訓训議议訊讯記记講讲許许論论設设訪访證证評评識识訴诉詢询試试誠诚話话該该詳详語语誤误說说請请讀读課课"
    "誰谁調调談谈謀谋謝谢負负財财責责質质貧贫購购貫贯費费貼贴貴贵貸贷資资賽赛車车轉转輪轮軟软輕轻載载輔辅轄辖邊边達达"
    "過过運运還还這这進进遠远違违連连遲迟適适選选遞递遺遗郵邮鄰邻鄭郑錢钱鐵铁銀银鎖锁鎮镇長长門门閉闭問问間间聞闻閱阅"
    "隊队陽阳陰阴階阶際际陸陆陳陈險险隨随隱隐難难頁页頂顶項项順顺須须預预領领頻频題题額额風风飛飞館馆驗验齊齐龍龙廣广"
    "慶庆庫库應应廢废開开異异張张強强歸归錄录徵征總总態态戶户擾扰撫抚撥拨據据處处備备審审實实寧宁寶宝對对導导將将層层"
    "屬属島岛師师帶带幫帮並并莊庄棄弃懷怀斂敛暫暂殺杀傑杰樣样歐欧湯汤測测溫温濾滤燈灯爐炉獻献瓊琼種种簽签籃篮粵粤紛纷"
    "練练紹绍絕绝絡络緩缓締缔緣缘縮缩罷罢羅罗聶聂膽胆艱艰蘇苏薦荐藍蓝蟲虫雖虽裝装襲袭見见覺觉觸触譽誉計计譯译詩诗誕诞"
    "誘诱諾诺諒谅誼谊謂谓謎谜謠谣謙谦譜谱貞贞賢贤敗败賬账貨货販贩貪贪貿贸賀贺賊贼賭赌賞赏賜赐賠赔賴赖贈赠贏赢趨趋較较"
    "輛辆輩辈輝辉輯辑輸输辭辞辯辩遼辽遷迁邁迈跡迹遜逊鄧邓釋释鑒鉴針针鋼钢鑰钥鉤钩鈴铃鉛铅銅铜銘铭鋪铺鏈链銷销鍋锅鋒锋"
    "錯错錫锡鍵键鏡镜閃闪闖闯閘闸鬧闹閩闽閥阀閣阁闡阐闊阔陣阵陝陕陜陕隸隶霧雾靜静韋韦韓韩頃顷頑顽顧顾頓顿頒颁頌颂穎颖"
    "顏颜飲饮飾饰飽饱馬马駐驻駕驾騎骑騙骗鮮鲜鳥鸟鴻鸿麥麦齒齿龜龟徑径彈弹廈厦蘭兰憲宪將将輿舆術术號号態态復复複复啟启"
    "涇泾陸陆縣县綱纲紗纱純纯緯纬繪绘絨绒繡绣紡纺縫缝滯滞漸渐漁渔潰溃滾滚濤涛澇涝淵渊淺浅漿浆澆浇濁浊灑洒瀉泻淚泪淪沦"
    "滄沧瀋沈燦灿爛烂燭烛煥焕爺爷牘牍牽牵猶犹狹狭獵猎瑪玛甌瓯瘡疮癱瘫皺皱盞盏鹽盐瞞瞒矯矫磯矶碩硕礙碍禍祸禪禅窩窝窺窥"
    "豎竖箋笺籠笼篩筛緝缉羈羁聳耸腸肠膚肤腎肾腫肿脹胀脅胁膠胶臘腊騰腾艦舰艙舱豔艳蕪芜蘋苹繭茧蕩荡榮荣萊莱蓮莲蘿萝螢萤"
    "蕭萧虛虚蝕蚀蟻蚁蠻蛮銜衔覓觅諱讳諷讽訣诀詐诈詮诠詭诡謊谎諧谐譴谴謬谬賤贱貶贬貯贮賃赁賺赚轟轰軌轨邏逻鄉乡釘钉鈔钞"
    "欽钦鑽钻閒闲悶闷闕阙隴陇頗颇饑饥飢饥飼饲饒饶馳驰罵骂驕骄驟骤鳴鸣鶴鹤鄒邹賦赋嚴严廠厂勵励淨净擁拥壇坛壩坝掛挂揮挥"
    "損损換换攝摄擺摆敵敌晉晋楊杨槍枪樹树橋桥橫横殘残畢毕煉炼煙烟暢畅療疗盤盘碼码礦矿礎础竊窃筆笔築筑簡简糧粮絲丝兩两"
    "亂乱爭争虧亏雲云親亲倉仓儀仪偉伟傷伤餘余傭佣俠侠侶侣偵侦側侧儉俭債债傾倾償偿儲储兒儿黨党獸兽岡冈冊册寫写軍军馮冯"
    "凍冻鳳凤憑凭擊击剛刚刪删別别劑剂劇剧賣卖卻却厲厉雜杂敘叙葉叶聽听啟启壞坏塵尘嘗尝歲岁峽峡幣币帥帅帳帐幹干幾几懇恳"
    "慣惯憤愤撲扑搶抢揀拣擲掷攬揽攜携攤摊撐撑鬥斗斬斩曠旷晝昼曉晓樸朴鬆松闆板棗枣櫃柜樁桩夢梦欄栏殲歼燬毁湊凑滲渗"
    "濫滥瀏浏漲涨濕湿聰聪肅肃勝胜腦脑營营慮虑訟讼證证詞词診诊諸诸謹谨貢贡賦赋趕赶躍跃踐践輸输遞递鄰邻鐘钟鍾钟陰阴隊队"
    "後后裡里裏里個个當当屆届佈布準准週周衝冲係系夠够佔占採采祕秘盡尽頭头頸颈顆颗額额顛颠顯显饋馈驅驱騷骚體体鬧闹鯨鲸鷹鹰麗丽黃黄點点齡龄於于爲为"
)
_T2S = {ord(_TRAD[i]): _TRAD[i + 1] for i in range(0, len(_TRAD) - 1, 2)}

# Full-width ASCII (U+FF01…U+FF5E) → ASCII; ideographic and no-break spaces → space.
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update({0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x200B: 0x20, 0xFEFF: 0x20})
_TABLE = {**_FULLWIDTH, **_T2S}

_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_GLOSS = re.compile(rf"(?<=[\u4e00-\u9fff])\((?=[a-zü]*[{_TONE}])[a-zü{_TONE}]{{1,8}}\)")
_PAGE_FOOTER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[/，,]?\s*共\s*\d{1,3}\s*页)?"
                          r"|P\.\s*\d{1,3})\s*$")
_QUOTES = re.compile(r"[\s“”\"'‘’「」『』]")
_ENUM_COMMA = re.compile(r"(?<![\d.])(\d{1,2})、")
_PARENTHETICAL = re.compile(r"\([^()]*\)")
NUMERALS = "一二三四五六七八九十"
# Numbering markers that open a label segment: 一、 (一) 1.
_MARKER = re.compile(r"[一二三四五六七八九十]{1,2}、|\([一二三四五六七八九十]{1,2}\)|(?<![\d.])\d{1,2}\.(?!\d)")


def normalize(text: str) -> str:
    """Full-width ASCII to half-width and traditional to simplified, keeping every character's position."""
    return text.translate(_TABLE)


def drop_pinyin_glosses(text: str) -> str:
    """Remove the "(jù)" pinyin glosses that mirror sites insert after characters."""
    return _PINYIN_GLOSS.sub("", text) if "(" in text or "（" in text else text


def is_page_footer(line: str) -> bool:
    """True for a page-number line such as "- 5 -", "— 5 —", "第 3 页" or "P. 9"."""
    return len(line) < 24 and bool(_PAGE_FOOTER.match(line))


def canon(label: str) -> str:
    """Canonical form of a label for comparison: normalised, no spaces or quotes, "1、" as "1."."""
    s = _QUOTES.sub("", normalize(label))
    return _ENUM_COMMA.sub(r"\1.", s)


def segments(canon_label: str) -> list[tuple[str, str]]:
    """Split a canonical label at its numbering markers into (marker, text) pairs; the first may have no marker."""
    out: list[tuple[str, str]] = []
    last, marker = 0, ""
    for m in _MARKER.finditer(canon_label):
        if m.start() > last or marker:
            out.append((marker, canon_label[last:m.start()]))
        marker, last = m.group(), m.end()
    out.append((marker, canon_label[last:]))
    return [(mk, t) for mk, t in out if mk or t]


def core(text: str) -> str:
    """Segment text without parenthetical remarks, e.g. "部分公开(区分处理的…)" → "部分公开"."""
    stripped = _PARENTHETICAL.sub("", text)
    return stripped or text


def label_core(label: str) -> str:
    """Core of a label's last segment: canon, split at numbering, remarks dropped."""
    segs = segments(canon(label))
    return core(segs[-1][1]) if segs else ""
