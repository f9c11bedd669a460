"""Fictitious personal values used across the gateway tests (none belongs to a real person)."""

MY_NUMBER = "123456789018"  # valid check digit
PHONE_MOBILE = "090-1234-5678"
PHONE_FIXED = "03-1234-5678"
EMAIL = "taro.yamada@example.jp"
EMAIL_2 = "hanako-sato@example.org"
BANK_ACCOUNT = "1234567"
PASSPORT = "TK1234567"
RESIDENCE_CARD = "AB12345678CD"
PERSON = "山田太郎"

# The bar of issue 2: these must never reach the upstream, and must come back restored.
BAR_PROMPT = (
    f"申請者のマイナンバーは{MY_NUMBER}です。"
    f"携帯電話は{PHONE_MOBILE}、自宅の電話は{PHONE_FIXED}です。"
    f"メールは{EMAIL}、予備のメールは{EMAIL_2}です。"
    f"振込先はみなと銀行 本店営業部 普通 {BANK_ACCOUNT}です。"
    f"旅券番号は{PASSPORT}、在留カード番号は{RESIDENCE_CARD}です。"
    "この内容を確認してください。"
)
BAR_VALUES = (MY_NUMBER, PHONE_MOBILE, PHONE_FIXED, EMAIL, EMAIL_2, BANK_ACCOUNT, PASSPORT, RESIDENCE_CARD)
