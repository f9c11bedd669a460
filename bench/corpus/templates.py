"""Record templates of the evaluation corpus: 13 municipal scenarios, main and held-out sets.

A template is plain text with three kinds of marks: ``{kind}`` is replaced by
a fictitious value of that kind (see ``generate.KINDS``) and becomes a gold
span; ``<<TYPE:text>>`` is a literal gold span; ``[[word]]`` is written as
``word`` and recorded as a must-keep word (ministries, programmes, plain place
names, amounts, meeting dates) that masking must leave alone. The held-out set uses other templates, written
separately, with another seed, so tuning the detector to the main set shows.

Example:
    >>> sorted(MAIN)[:2]
    ['care_insurance', 'child_allowance']
"""

from __future__ import annotations

__all__ = ["FRESH", "HELDOUT", "MAIN", "PUBLIC_SCENARIOS"]

PUBLIC_SCENARIOS = frozenset({"public_announcement", "public_minutes"})

MAIN: dict[str, tuple[str, ...]] = {
    "window_inquiry": (
        ("【窓口相談記録】[[令和6年5月14日]] [[市民課]]\n相談者：{name}（{age}）\n住所：{addr}\n電話：{tel}\n"
        "内容：転居に伴う[[住民票]]の写しの請求方法について。担当 {sei}"),
        ("{sei}様が来庁。{addr}から[[横浜市]]内へ転出予定とのこと。[[転出届]]と[[マイナンバーカード]]の"
        "手続を案内した。連絡先 {tel}。"),
        ("受付：{name}さん（生年月日 {dob}）より、[[国民健康保険]]の加入手続の相談。携帯{tel}、"
        "メール{mail}。[[保険年金課]]へ引継ぎ。"),
        ("氏名 {name}\nフリガナ {kana}\n現住所 {addr}\n相談内容：[[児童手当]]の[[現況届]]の書き方。"
        "[[こども家庭庁]]の様式で記入済み。"),
    ),
    "welfare_case_note": (
        ("ケース記録（[[生活福祉課]]）\n対象者：{name}（{age}）\n{addr}在住。{welfare}。"
        "長男 {name2} と同居。訪問日：[[6月3日]]。次回は[[7月]]上旬。"),
        ("{sei}さん宅を訪問。本人は{health}で<<JP_SENSITIVE_HEALTH:通院中>>、{disability}を所持。[[地域包括支援センター]]と連携する。"
        "担当ケースワーカー {sei2}"),
        "相談者{name}さんは{dv}の相談。[[配偶者暴力相談支援センター]]へ同行予定。緊急連絡先 {tel}。",
        "支援経過：{name}氏（{dob}生）について、{welfare}。{crime}あり、[[保護観察所]]と情報共有済み。",
    ),
    "mynumber_application": (
        ("申請書\n申請者氏名：{name}\n個人番号：{mynum}\n生年月日：{dob}\n住所：{addr}\n"
        "振込先：{acct}\n[[給付金]]の額：[[100,000円]]"),
        ("マイナンバー {mynum} の{name}様から、[[定額減税]]補足給付金の申請がありました。"
        "口座は{acct}です。"),
        "[[個人番号カード]]交付申請 申請者 {name}（{kana}） 電話番号 {tel} 個人番号 {mynum}",
        "法人番号 {corp} の事業者からの[[補助金]]申請。代表者 {name}、連絡先 {mail}、振込口座 {acct}。",
    ),
    "resident_email": (
        ("件名：[[粗大ごみ]]の収集について\n{city}役所 ご担当者様\n{addr}に住んでいる{name}です。"
        "[[6月10日]]の収集に申し込みました。電話は{tel}です。よろしくお願いします。"),
        ("いつもお世話になっております。{name}と申します。[[保育園]]の入園申込について質問があります。"
        "返信は{mail}までお願いします。"),
        "市長への手紙：{addr}の{name}です。[[市立図書館]]の開館時間を延長してほしいです。連絡先：{tel}",
    ),
    "email_reply": (
        ("{name}様\n\nお問い合わせありがとうございます。[[市民税課]]の{sei}です。[[住民税]]の[[納税通知書]]は"
        "[[6月中旬]]に送付します。ご不明点は{tel}（直通）までご連絡ください。"),
        "{sei}様\n[[子育て支援課]]の{name2}です。ご指摘の件、{addr}宛に書類を再送しました。",
        "{name}さん、[[高齢福祉課]]です。{care}の[[介護保険証]]を再発行しました。ご確認ください。",
    ),
    "minutes": (
        ("議事録（庁内限り）\n日時：[[令和6年4月22日]] [[14時]]から\n出席者：{name}、{name2}、{sei}\n"
        "議題：[[総合計画]]の進捗について。[[第3回]]の審議会は[[7月]]開催予定。"),
        ("[[第2回]][[地域福祉推進会議]] 議事要旨\n司会 {name}課長\n委員 {name2}氏より[[認知症カフェ]]の"
        "報告。[[参加者数]]は[[延べ120人]]。"),
        "打合せメモ：{sei}係長、{name}主査、{foreign}さん（通訳）。[[多文化共生]]推進計画について協議。",
    ),
    "foreign_resident": (
        ("外国人住民相談\n氏名：{foreign}\n在留カード番号：{zairyu}\n旅券番号：{passport}\n"
        "住所：{addr}\n[[出入国在留管理庁]]の手続と[[国民健康保険]]加入を案内。"),
        ("{foreign}さん（{age}）が来庁。在留カード {zairyu}。[[やさしい日本語]]で[[転入届]]を説明した。"
        "TEL {tel}"),
        ("Resident consultation: {foreign}様、パスポート {passport}、電話{tel}、メール{mail}。"
        "[[ベトナム語]]の通訳を手配。"),
    ),
    "care_insurance": (
        ("[[要介護認定]]申請書\n被保険者氏名：{name}\n介護保険被保険者番号：{care}\n生年月日：{dob}\n"
        "住所：{addr}\n主治医意見書：{health}"),
        "{name}様（{age}）の[[介護保険]]被保険者番号は{care}です。[[要介護2]]の認定結果を通知します。",
        "介護保険証 番号 {care} の{sei}様、[[ケアプラン]]の変更について{tel}へ連絡。",
    ),
    "kokuho": (
        ("[[国民健康保険]]資格確認書 交付申請\n保険者番号 {insurer}\n被保険者証 {kigo}\n氏名 {name}\n"
        "基礎年金番号 {pension}"),
        "国保 被保険者番号：{hihoken}の{name}様、[[高額療養費]]の申請を受付。口座 {acct}。",
        "保険者番号：{insurer}、{kigo}、{name}（{dob}）。[[後期高齢者医療]]への移行手続。",
    ),
    "child_allowance": (
        ("[[児童手当]]認定請求書\n請求者：{name}\n個人番号：{mynum}\n児童：{name2}（{dob}生）\n"
        "振込先：{acct}\n[[支給月額]]：[[10,000円]]"),
        "{name}さんの長女 {name2}ちゃん（{age}）について、[[児童手当]]の[[額改定]]を行った。",
        "[[児童扶養手当]]：{name}様、{welfare}。[[現況届]]は[[8月31日]]まで。連絡先 {tel}。",
    ),
    "internal_draft": (
        ("庁内限り\n[[人事課]]案：{name}（{dob}）を[[4月1日]]付で[[福祉部]]へ異動。"
        "運転免許証番号 {license} の確認済み。"),
        ("取扱注意・未定稿　[[公共施設]]再編の検討資料。担当 {sei}（内線[[2345]]）。"
        "地権者 {name} 氏 {addr} と交渉中。"),
        "部外秘 {name}職員の{health}による休職について。[[産業医]]面談は[[5月]]。連絡先 {tel}",
    ),
    "secret_document": (
        "秘\n[[懲戒処分]]に関する調書\n対象職員：{name}（{age}）\n住所：{addr}\n{crime}が判明。",
        "極秘　[[公益通報]]の受付記録。通報者 {name}、電話{tel}、メール{mail}。",
        "秘密文書　{name}様の[[情報公開]]請求に係る非開示部分。クレジットカード {card} の記載あり。",
    ),
    "public_announcement": (
        ("[[令和6年度]][[市民まつり]]のお知らせ\n日時：{pdate}（土）[[午前10時]]～[[午後4時]]\n"
        "会場：{town}[[公園]]（{city}）\n入場無料。[[雨天中止]]。主催：[[市民協働推進課]]"),
        ("{ministry}は{pdate}、[[地方公共団体]]における[[AI]]活用の手引きを公表した。"
        "{count}のうち[[約4割]]が導入済み。"),
        ("{ministry}の[[令和5年]][[人口動態統計]]によると、[[出生数]]は{count}。"
        "{city}では[[前年比]][[3.2%]]減の{count}でした。"),
        ("[[特定健診]]のご案内：[[40歳以上]][[74歳以下]]の[[国民健康保険]]加入者が対象。[[自己負担]]{amount}。"
        "{pdate}から{pdate}まで。{city}内の[[協力医療機関]]で受診できます。"),
        ("{ministry}と[[デジタル庁]]の[[補助金]]を活用し、[[第2期]][[地域公共交通計画]]を策定。"
        "[[事業費]]は{amount}、[[期間]]は[[2025年度]]から[[2029年度]]まで。"),
        ("[[義援金]]は{pdate}までに{count}、[[総額]]{amount}が寄せられました。"
        "[[日本赤十字社]]を通じて{pref}へ送金します。"),
        ("[[市立小学校]][[32校]]の[[児童数]]は{count}。{pdate}に{town}[[中学校]]を[[統合]]します。"
        "説明会は{pdate}[[19時]]から{town}[[地区センター]]。"),
        ("[[道路工事]]のお知らせ：{city}{town}[[1丁目地内]]で{pdate}から[[水道管]]の更新工事を行います。"
        "[[通行止め]]は[[9時]]から[[17時]]まで。工事番号 {docno}。"),
        "{pref}[[最低賃金]]は{pdate}から[[時間額]]{amount}に改定されます（{ministry}告示{docno}）。",
        "[[ふるさと納税]]の寄附額は[[令和5年度]]{amount}、[[件数]]{count}。[[返礼品]]は{town}産の[[米]]など。",
        ("[[DV]]や[[児童虐待]]の相談は{town}[[こども家庭センター]]へ。[[生活保護]]の申請は[[福祉事務所]]で"
        "受け付けます。[[認知症]]の方の[[家族会]]は{pdate}開催。"),
    ),
    "public_minutes": (
        ("[[市議会]][[定例会]]（{pdate}）[[一般質問]]要旨\n[[子育て支援]]について、[[待機児童数]]は"
        "{pdate}時点で[[0人]]、[[保育所]][[定員]]は{count}と答弁。"),
        ("[[総合教育会議]]（[[第1回]]）{pdate}、[[教育委員会]][[会議室]]。[[GIGAスクール]]の"
        "[[端末更新]]、[[予算額]]{amount}について協議した。{docno}を資料とする。"),
        "[[都市計画審議会]] {docno} {pdate}、{city}{town}[[地区]]の[[用途地域]]変更を[[原案どおり]]可決。",
        "[[防災会議]]（{pdate}）：{city}の[[避難所]]{count}の運営体制と{ministry}の[[指針]]を確認。",
    ),
}

HELDOUT: dict[str, tuple[str, ...]] = {
    "window_inquiry": (
        ("来庁者 {name} さま（{dob}生まれ）。[[戸籍謄本]]の郵送請求の方法を尋ねられた。返送先は{addr}。"
        "日中の連絡は{tel}へ。"),
    ),
    "welfare_case_note": (
        ("面談記録：{name}さん（{age}）。{disability}。{welfare}。[[就労支援]]プログラムを紹介。"
        "同席：[[社会福祉協議会]] {sei}相談員"),
    ),
    "mynumber_application": (
        ("[[住民税]]申告書の記載内容：氏名 {name}、マイナンバー：{mynum}、勤務先 法人番号{corp}、"
        "還付先 {acct}"),
    ),
    "resident_email": (
        ("{city}役所様　先日{sei}さんに対応していただいた件でメールします。私の住所は{addr}、"
        "携帯は{tel}です。{name}"),
    ),
    "email_reply": ("{sei}様　ご連絡いただいた{mail}宛に[[申請書]]の様式をお送りしました。[[納税課]] {name2}",),
    "minutes": ("[[防災会議]] 出席：{name}部長、{name2}課長、{foreign}氏。[[避難所]][[42か所]]の運営を確認。",),
    "foreign_resident": (
        ("{foreign}さんから[[在留期間]]更新の相談。カード番号は{zairyu}、旅券 {passport}。"
        "[[ポルトガル語]]の資料を渡した。"),
    ),
    "care_insurance": (
        "介護保険の被保険者番号{care}、{name}さん（{dob}生）。{health}のため[[訪問介護]]を利用。",
    ),
    "kokuho": ("{name}様　国保の保険証（保険者番号{insurer}、{kigo}）を[[7月]]末で返却願います。",),
    "child_allowance": (
        "[[児童手当]]：請求者 {name}（個人番号 {mynum}）、児童 {name2}（{age}）、口座 {acct}。",
    ),
    "internal_draft": ("【取扱注意】[[議会]]答弁案。{name}議員からの質問（{dv}に関する件）。",),
    "secret_document": ("秘　{name}（{dob}）の{crime}について、[[警察署]]からの照会に回答。",),
    "public_announcement": (
        ("[[こども家庭庁]]の[[こども大綱]]を踏まえ、[[令和7年度]]から[[第3期]][[子ども・子育て支援事業計画]]を"
        "実施します。{city}内[[15か所]]の[[児童館]]で{pdate}から{pdate}まで[[夏休み]]イベント。"),
        ("[[国勢調査]]（[[2020年]]）では{city}の[[人口]]は{count}、[[世帯数]]は{count}。"
        "[[高齢化率]]は[[28.7%]]でした。{ministry}の公表資料による。"),
        "{town}[[駅]]前[[広場]]の[[整備]]を{pdate}に完了。[[総事業費]]{amount}のうち{ministry}の[[交付金]]は{amount}。",
        "[[うつ病]]や[[依存症]]に関する[[こころの健康相談]]を{pdate}に{city}[[保健所]]で行います。[[予約制]]。",
    ),
    "public_minutes": (
        ("[[都市計画審議会]] [[第5回]] {pdate} {docno}「[[用途地域]]の変更」を[[原案どおり]]可決。"
        "{city}{town}[[周辺]]の[[交通量]]は[[1日]]{count}。"),
    ),
}

# Written after the detector was tuned, and evaluated once, untouched: the
# figure for text nobody looked at while changing the detector.
FRESH: dict[str, tuple[str, ...]] = {
    "window_inquiry": ("電話受付メモ：{name}様より{tel}にて、[[印鑑登録]]の手続について問い合わせ。住所 {addr}。",),
    "welfare_case_note": ("[[家庭訪問]]記録　世帯主 {name}（{age}）、{welfare}。次女 {name2} は{disability}。",),
    "mynumber_application": ("[[マイナ保険証]]の登録支援：{name}さん、個人番号{mynum}、生年月日{dob}、連絡先{tel}。",),
    "resident_email": ("[[市民の声]]　{addr}在住の{name}です。[[公園]]の遊具が壊れています。返信先 {mail}",),
    "email_reply": ("{sei}様　[[建築指導課]]の{name2}でございます。ご依頼の資料は{mail}へお送りしました。",),
    "minutes": ("[[庁議]]メモ　出席 {name}副市長、{name2}部長、{sei}課長。[[令和7年度]][[予算編成方針]]を確認。",),
    "foreign_resident": ("在留カード（{zairyu}）の{foreign}さんが[[国民年金]]の手続に来庁。電話 {tel}。",),
    "care_insurance": ("[[地域包括支援センター]]より：{name}様（{age}、介護保険 {care}）、{health}。",),
    "kokuho": ("[[保険年金課]]　{name}、保険者番号 {insurer}、被保険者番号：{hihoken}、年金番号 {pension}。",),
    "child_allowance": ("[[児童手当]]の口座変更：{name}（{addr}）、新しい口座 {acct}、児童 {name2}（{dob}生）",),
    "internal_draft": ("未定稿　{name}主任の異動案。運転免許証 {license}、{crime}の有無を確認中。",),
    "secret_document": ("秘　相談者 {name}（{dob}）、{dv}。避難先 {addr} は絶対に開示しないこと。",),
    "public_announcement": (
        ("{ministry}の通知（{pdate}）を受け、{city}は[[公共施設]]{count}の[[使用料]]を{amount}に改定します。"
        "[[説明会]]は{pdate}、{town}[[公民館]]で開催。"),
        "[[がん検診]]のお知らせ：[[受診料]]{amount}。[[認知症]]に関する[[講演会]]は{pdate}に{city}[[文化センター]]で。",
    ),
    "public_minutes": (
        "[[教育委員会]][[定例会]] {pdate} {docno}「[[学校給食費]]の改定」。{count}の[[児童生徒]]が対象、[[予算]]{amount}。",
    ),
}
