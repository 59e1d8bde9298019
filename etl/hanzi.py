"""Chinese character classes every stage shares: numerals and one-character level words.

Defined once here (issue 16) and imported by name; ``recognize/common.py`` re-exports them for
the recognisers. Each is a string of characters, for a regex character class or an ``in`` test.
"""

HAN = "\u4e00-\u9fff"
#: One to ten: the numbers of headings (一、), terms and sessions (十四届), five-year plans (“十四五”).
ONE_TO_TEN = "一二三四五六七八九十"
#: Zero as numbers write it (二〇二六, 一百零五).
ZEROS = "零〇"
#: The digits of a year written 二〇二六, each at the index of its value.
DIGITS = "〇一二三四五六七八九"
#: Numerals of terms and sessions (第十九届, 二次会议).
ZH_DIGITS = "零" + ONE_TO_TEN
#: Numerals of counts and ordinals (一百二十, 两千).
NUM = ZEROS + ONE_TO_TEN + "百千两"
#: … and of amounts, with the myriads (三万, 五亿).
AMOUNT_NUMERALS = NUM + "万亿"
#: One-character level words, province to county (省委, 区人大, 县政府).
LEVEL_CHARS = "省市区县州旗"
#: … with the town's (镇党委, 乡政府).
LOCAL_LEVEL_CHARS = LEVEL_CHARS + "镇乡"
#: The last character of a division's name, 盟 included (长春市, 锡林郭勒盟).
UNIT_CHARS = LEVEL_CHARS + "盟"
#: The four level words written most: province, city, district, county.
MAIN_LEVEL_CHARS = "省市区县"
