"""Word lists the segmenter relies on: surnames, title words, cue verbs and acts.

Kept apart from the rules so that they can be read, reviewed and extended
as data. Everything here is immutable.
"""

from __future__ import annotations

__all__ = [
    "SINGLE_SURNAMES",
    "TITLED_ONLY_SURNAMES",
    "WORD_SURNAMES",
    "COMPOUND_SURNAMES",
    "TIBETAN_NAME_STARTS",
    "TITLE_WORDS",
    "TITLES_AFTER_NAME",
    "COURTESY_WORDS",
    "SHARED_TITLE_ENDS",
    "TITLE_PREFIXES",
    "SPEECH_CUES",
    "STRONG_CUES",
    "SPEAKING_ACTS",
    "SILENT_ACTS",
    "NARRATION_STARTS",
    "CONTINUATION_STARTS",
]

# Common single-character surnames. Characters that are far more often function words
# than surnames in this genre (由, 和, 向, 原, 时, 应, 全, 都, 来, 相, 同, 其, 与, 及, 于 as
# "at") are left out on purpose: a name is accepted only where the sentence structure
# vouches for it, and these would open too many false readings.
SINGLE_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺"
    "顾毛郝龚邵万钱严覃武戴莫孔汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关"
    "兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍华喻祁"
    "蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟"
    "臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥"
    "班储栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻厉伊仝郜阚权帅屠朴盖练廉禹井祖漆巴丰支卿狄索宣晋芮"
    "扈晁阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况宿鲜印逯隆茹诸慕危银亢嵇哈湛宾戎勾茅揭尉冶"
    "檀衣阴昝幸奉衡尧闭于路明海洪贝荀郦宓钮靖凤寿逄甯弓郗隗"
    # Rarer surnames of the Hundred Family Surnames that are no everyday word.
    "赖萧花怀昌计滑松富牧束蓟鄂籍苍莘贡扶濮宦庾暨弘禄蔚訾巢蒯竺桓糜贲邴汲羿钭韶璩郏厍殳夔乜酆云"
)

# Surnames that are also everyday words (向东发展, 时代, 全省): accepted only directly after
# a title, where the structure leaves no other reading.
TITLED_ONLY_SURNAMES = frozenset("向时全应原")
# Surnames that open everyday words far more often than names (国家, 和平, 东方, 平安):
# accepted only in a transcript label, or after a title where the tagger reads a name.
WORD_SURNAMES = frozenset("水元平和强经干家於山蓬仰秋暴从咸能双宰却通别充鱼容慎终居步都国广东沃利越融那空毋养须相后红益公买续")

# First syllables of Tibetan names, which have no surname (扎西顿珠, 白玛央金, 次仁卓玛): a
# name of four characters opening with one is read after a title, like a compound surname.
TIBETAN_NAME_STARTS = (
    "扎西", "次仁", "白玛", "格桑", "旦增", "索朗", "多吉", "顿珠", "央金", "卓玛", "达瓦", "尼玛", "洛桑", "平措",
    "益西", "拉巴", "巴桑", "边巴", "普布", "强巴", "阿旺", "贡布", "德吉", "曲珍", "拉姆", "琼达", "仁增", "丹增",
    "罗布", "嘎玛", "次旺", "土登", "才旦", "更登", "米玛", "晋美", "群培", "加措", "公保", "才让", "久美",
)

COMPOUND_SURNAMES = (
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙",
    "宇文", "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "呼延", "百里", "东郭",
    "澹台", "公冶", "太史", "申屠", "钟离", "闻人", "万俟", "赫连", "拓跋", "完颜", "司空",
)

# Words a title chain ends with, directly before the name (…副书记王某某, …教授李某).
TITLE_WORDS = (
    "书记", "主任", "会长", "部长", "组长", "专员", "巡视员", "总编辑", "副总编", "总编", "主编",
    "社长", "教授", "处长", "科长", "委员", "调研员", "院长", "局长", "厅长", "市长", "区长",
    "县长", "镇长", "乡长", "村长", "州长", "省长", "旗长", "主席", "秘书长", "理事长", "研究员",
    "总经理", "经理", "董事长", "负责人", "代表", "常委", "成员", "干部", "民警", "所长", "站长",
    "校长", "馆长", "台长", "行长", "署长", "司长", "检察长", "庭长", "法官", "检察官", "警官",
    "律师", "专家", "学者", "博士", "院士", "讲师", "老师", "教师", "医生", "社工", "志愿者",
    "网格员", "队长", "政委", "参事", "顾问", "总监", "总裁", "总干事", "理事", "监事", "特派员",
    "召集人", "发言人", "主管", "助理", "指导员", "工程师", "分析师", "主持人", "创始人", "督导",
    "指挥长", "大使", "参赞", "领事", "班长", "党员", "居民", "村民", "园长", "作家", "编辑",
    "记者", "通讯员", "科员", "部长助理", "首席", "主任医师", "副总", "会计师", "调解员", "辅导员",
    "联络员", "社长助理", "董事", "合伙人", "副手", "职工", "员工", "代表人", "委员长", "协理员",
    "企业家", "科学家", "经济学家", "法学家", "社会学家", "艺术家", "团长", "厂长", "总指挥", "指挥",
    "（挂职）", "(挂职)", "主任委员", "总理", "副总理", "总设计师", "总工程师", "总规划师", "总经济师",
    "总会计师", "总师", "总长", "支书", "村支书", "行政总裁", "首相", "总统", "议员", "外长", "博导",
    "设计师", "规划师", "建筑师", "审计师", "评论员", "主播", "制片人", "导演", "校董", "秘书",
    "CEO", "CFO", "COO", "CTO", "首席执行官", "运营官", "执行官", "财务官", "技术官", "辅佐",
    "警长", "所长助理", "会员", "常务理事", "教练", "护士长", "医师", "药师", "工程师", "技师",
)

# Title words that may follow a name (陈云英会长在致辞中说, 姚檀栋委员说, 吕洪良副教授): what a
# title chain ends with, and the courtesy words of introductions (王志清先生).
TITLES_AFTER_NAME = (
    "书记", "副书记", "主任", "副主任", "会长", "副会长", "部长", "副部长", "局长", "副局长", "厅长", "副厅长",
    "市长", "副市长", "区长", "副区长", "县长", "副县长", "镇长", "乡长", "村长", "省长", "副省长", "州长",
    "院长", "副院长", "校长", "副校长", "所长", "处长", "科长", "主席", "副主席", "委员", "代表", "教授",
    "副教授", "老师", "院士", "研究员", "博士", "董事长", "总经理", "总裁", "经理", "理事长", "副理事长", "主委", "副主委", "秘书长", "副秘书长", "副所长", "副处长",
    "主编", "社长", "行长", "馆长", "站长", "队长", "组长", "律师", "医生", "大使", "总理", "支书", "总",
    "先生", "女士", "同志", "同学", "师傅",
)
# Words that open a post (常务副县长, 执行院长) and so are never the given name of a surname
# they happen to start with (常务, 高级).
TITLE_PREFIXES = ("常务", "执行", "名誉", "荣誉", "资深", "高级", "首席", "特聘", "特邀", "专职", "驻会")
#: Courtesy words after a name: they vouch for it, but are no title.
COURTESY_WORDS = frozenset(("先生", "女士", "同志", "同学", "师傅"))
#: A title that names a category of people listed together (住苏全国政协委员邵某、刘某、宋某):
#: every name of the list carries it.
SHARED_TITLE_ENDS = ("委员", "代表", "院士", "教授", "专家", "学者", "企业家", "老师", "科学家", "劳模")

# Cue verbs of reported speech. STRONG ones may take their content without punctuation
# (他强调要……); the others need a comma, colon or quotation mark after them, since
# without it they usually head a noun phrase (介绍情况, 提出要求).
SPEECH_CUES = (
    "告诉记者", "对记者说", "向记者介绍", "接受记者采访时表示", "介绍说", "强调说", "表示说",
    "指出说", "说道", "表示", "指出", "强调", "认为", "介绍", "要求", "希望", "提出", "谈到",
    "谈及", "提到", "坦言", "透露", "呼吁", "建议", "分析", "回顾", "总结", "寄语", "表态",
    "补充", "解释", "感慨", "直言", "坦承", "重申", "表明", "主张", "倡议", "号召", "提醒",
    "勉励", "鼓励", "叮嘱", "告诫", "号召", "讲到", "形容", "称赞", "嘱咐", "祝福", "祝愿", "觉得", "说明", "阐述", "讲述", "介绍道", "通报", "肯定", "回应说", "回答说", "回应", "回答", "答道", "举例说", "解释说", "补充说", "笑称", "打比方说", "建言", "期望", "感叹", "笑言",
    "回忆说", "回忆", "追问", "发问", "提问", "询问", "问道", "问", "称", "说", "讲",
)
STRONG_CUES = frozenset(
    ("表示", "指出", "强调", "认为", "希望", "要求", "说", "称", "坦言", "呼吁", "重申", "强调说", "肯定",
     "建议", "提醒", "透露", "勉励", "寄语", "叮嘱", "告诫", "号召", "直言", "感慨", "讲到", "谈到", "谈及",
     "提到", "形容", "称赞", "坦承", "嘱咐", "祝福", "祝愿", "觉得")
)

# Acts that count as speaking at the event even when no words are reported, with the
# role they give. Order matters: longer, more specific phrases first.
SPEAKING_ACTS = (
    ("交流发言", "交流发言"), ("典型发言", "交流发言"), ("作发言", "发言"), ("分别发言", "发言"),
    ("先后发言", "发言"), ("发言", "发言"), ("致辞", "致辞"), ("致欢迎辞", "致辞"), ("致开幕辞", "致辞"),
    ("发表讲话", "讲话"), ("作讲话", "讲话"), ("讲话", "讲话"), ("主旨演讲", "主旨演讲"), ("演讲", "演讲"),
    ("主旨推介", "主旨推介"), ("推介", "推介"), ("主持", "主持"), ("交流分享", "研讨"), ("研讨", "研讨"),
    ("对话", "研讨"), ("探讨", "研讨"), ("座谈交流", "研讨"), ("作报告", "作报告"), ("专题报告", "作报告"),
    ("辅导报告", "作报告"), ("工作报告", "作报告"), ("点评", "点评"), ("作总结", "总结"), ("总结讲话", "总结"),
    ("解读", "解读"), ("宣读", "宣读"), ("通报了", "通报"), ("介绍了", "介绍"), ("发布了", "发布报告"),
    ("作了", "发言"), ("汇报了", "汇报"), ("汇报", "汇报"), ("授课", "授课"), ("讲授", "授课"), ("讲课", "授课"), ("宣讲", "宣讲"), ("答记者问", "答问"), ("回答了", "答问"),
    ("进行了交流分享", "研讨"), ("进行了交流发言", "交流发言"), ("分享了", "分享"), ("作交流", "交流发言"), ("进行了交流", "交流发言"), ("交流了", "交流发言"),
    ("建言献策", "发言"), ("建言", "发言"), ("畅谈", "发言"), ("见面交流", "交流发言"), ("互动交流", "交流发言"), ("答问", "答问"), ("回答记者提问", "答问"), ("接受采访", "答问"),
    ("现身说法", "发言"), ("接受专访", "答问"), ("接受记者专访", "答问"), ("接受记者采访", "答问"),
    ("致祝贺词", "致辞"), ("致贺词", "致辞"), ("致欢迎词", "致辞"), ("致开幕词", "致辞"), ("致闭幕词", "致辞"),
    ("致答谢词", "致辞"), ("致词", "致辞"),
)

# Acts that do not make anyone a speaker.
SILENT_ACTS = (
    "出席", "参加", "启动", "签订", "签署", "陪同", "观摩", "调研", "颁奖", "颁发", "揭牌", "见证",
    "会见", "考察", "参观", "授牌", "按下", "列席", "慰问", "看望", "走访", "会签", "共同启动", "一同",
)

# Sentence openings that hand the floor back to the reporter.
NARRATION_STARTS = (
    "据了解", "据悉", "据统计", "记者了解到", "记者获悉", "另据", "会议", "会上", "会前", "会后",
    "本次", "此次", "本届", "活动", "随后", "期间", "当天", "当日",
    "此前", "与会", "出席", "现场", "论坛", "座谈会", "大会", "开幕式", "闭幕式",
    "仪式", "上午", "下午", "晚上", "日前", "近日", "典礼", "开学典礼", "毕业典礼", "开班式", "发布会",
    "研讨会", "培训班", "现场会", "推进会", "交流会", "恳谈会", "年会", "峰会", "讲座", "报告会",
)

# Sentence openings that carry on the current speaker's reported speech across a
# paragraph break (within a paragraph, carrying on is the default).
CONTINUATION_STARTS = (
    "要", "必须", "应", "应当", "需要", "务必", "一要", "二要", "三要", "四要", "五要", "一是", "二是",
    "三是", "四是", "五是", "六是", "首先", "其次", "再次",
    "此外", "另外", "同时", "与此同时", "希望", "各级", "我们", "坚持", "着力", "加快", "推动",
    "加强", "进一步", "只有", "唯有",
)
