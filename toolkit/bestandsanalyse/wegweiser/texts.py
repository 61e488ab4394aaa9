"""The Wegweiser's fixed texts in every language it ships (`languages.WEGWEISER_LANGUAGES`): title, headings,
chapter titles, field labels, the values of the lists „Zugang nach Aufenthaltsstatus“ and „ja/nein“, the note on
untranslated entries and the chapter „Notrufe“.

The emergency and help numbers are free nationwide numbers (as of 2026): 110 Polizei, 112 Feuerwehr und
Rettungsdienst, 116 117 ärztlicher Bereitschaftsdienst, 116 016 Hilfetelefon „Gewalt gegen Frauen“ (anonymous,
interpreters for many languages), 0800 40 40 020 Hilfetelefon „Schwangere in Not“, 116 111 Nummer gegen Kummer
(Kinder- und Jugendtelefon, Mo–Sa 14–20 Uhr), 0800 111 0 111 and 0800 111 0 222 TelefonSeelsorge. German legal
terms a reader must show an authority (Aufenthaltsgestattung, Duldung) stay German inside the translations.
"""
from __future__ import annotations

from toolkit.plan import JA_NEIN, KAPITEL, ZUGANG

#: The chapter for published offers without (or with an unknown) „Wegweiser-Kapitel“: a chapter of its own
#: before „Notrufe“ rather than „Beratung“, so a sports club or a library is never filed as counselling.
REST = "Weitere Angebote"
#: Chapter order of the booklet: `plan.KAPITEL`, the rest chapter just before „Notrufe“.
CHAPTERS = tuple(k for k in KAPITEL if k != "Notrufe") + (REST, "Notrufe")

#: The phone numbers of the chapter „Notrufe“, in the order of the `emergency` texts.
EMERGENCY_NUMBERS = ("110", "112", "116 117", "116 016", "0800 40 40 020", "116 111", "0800 111 0 111 · 0800 111 0 222")

TEXTS: dict[str, dict] = {
    "de": {
        "title": "Integrationswegweiser",
        "subtitle": "Angebote, Beratung und Hilfe für Zugewanderte",
        "contents": "Inhalt",
        "stand": "Stand",
        "page": "Seite",
        "intro": "Dieser Wegweiser nennt Angebote, Beratungsstellen und Ansprechstellen vor Ort. Jeder Eintrag "
                 "verweist mit einer Nummer auf das Adressverzeichnis am Ende des Heftes; dort stehen alle "
                 "Adressen alphabetisch.",
        "chapters": dict(zip(CHAPTERS, (
            "Ankommen und Behörden", "Sprache", "Arbeit", "Wohnen", "Kinder und Schule", "Gesundheit", "Beratung",
            "Begegnung und Freizeit", "Weitere Angebote", "Notrufe"))),
        "labels": {"provider": "Träger", "address": "Adresse", "contact": "Kontakt", "phone": "Telefon",
                   "email": "E-Mail", "website": "Website", "languages": "Sprachen", "costs": "Kosten",
                   "childcare": "Kinderbetreuung", "access": "Zugang"},
        "annex": "Adressverzeichnis",
        "annex_ref": "Adressverzeichnis Nr. {n}",
        "only_german": "(nur auf Deutsch)",
        "yes_no": dict(zip(JA_NEIN, ("ja", "nein"))),
        "access": dict(zip(ZUGANG, ZUGANG)),
        "emergency_intro": "Alle Nummern sind kostenlos. 110 und 112 rufen Sie nur im Notfall an.",
        "emergency": (
            "Polizei",
            "Feuerwehr und Rettungsdienst",
            "Ärztlicher Bereitschaftsdienst (wenn die Arztpraxis geschlossen ist)",
            "Hilfetelefon „Gewalt gegen Frauen“ – anonym, rund um die Uhr, in vielen Sprachen",
            "Hilfetelefon „Schwangere in Not“ – anonym, rund um die Uhr",
            "Kinder- und Jugendtelefon „Nummer gegen Kummer“ (Mo–Sa 14–20 Uhr)",
            "TelefonSeelsorge – rund um die Uhr",
        ),
    },
    "en": {
        "title": "Integration Guide",
        "subtitle": "Services, counselling and help for newcomers",
        "contents": "Contents",
        "stand": "As of",
        "page": "Page",
        "intro": "This guide lists services, counselling centres and contact points in your area. Each entry refers by "
                 "number to the address list at the end of the booklet, where all addresses are listed "
                 "alphabetically.",
        "chapters": dict(zip(CHAPTERS, (
            "Arrival and public authorities", "Language", "Work", "Housing", "Children and school", "Health",
            "Counselling", "Meeting people and leisure", "Further services", "Emergency numbers"))),
        "labels": {"provider": "Provider", "address": "Address", "contact": "Contact", "phone": "Phone",
                   "email": "Email", "website": "Website", "languages": "Languages", "costs": "Costs",
                   "childcare": "Childcare", "access": "Who can take part"},
        "annex": "Address list",
        "annex_ref": "Address list no. {n}",
        "only_german": "(German only)",
        "yes_no": dict(zip(JA_NEIN, ("yes", "no"))),
        "access": dict(zip(ZUGANG, (
            "open to everyone", "only with a residence permit (Aufenthaltserlaubnis)",
            "not for people with Aufenthaltsgestattung or Duldung", "only for EU citizens",
            "only for people from Ukraine (§ 24)", "restricted (see description)"))),
        "emergency_intro": "All numbers are free of charge. Call 110 and 112 only in an emergency.",
        "emergency": (
            "Police",
            "Fire brigade and ambulance",
            "On-call medical service (when your doctor's practice is closed)",
            "Helpline “Violence against women” – anonymous, day and night, in many languages",
            "Helpline “Pregnant women in distress” – anonymous, day and night",
            "Helpline for children and young people “Nummer gegen Kummer” (Mon–Sat 2–8 pm)",
            "Telephone counselling (TelefonSeelsorge) – day and night",
        ),
    },
    "uk": {
        "title": "Путівник з інтеграції",
        "subtitle": "Пропозиції, консультації та допомога для новоприбулих",
        "contents": "Зміст",
        "stand": "Станом на",
        "page": "Сторінка",
        "intro": "У цьому путівнику зібрано пропозиції, консультаційні служби та контактні пункти у вашій місцевості. "
                 "Кожен запис має номер у списку адрес наприкінці брошури, де всі адреси наведено за алфавітом.",
        "chapters": dict(zip(CHAPTERS, (
            "Прибуття та установи", "Мова", "Робота", "Житло", "Діти та школа", "Здоров’я", "Консультації",
            "Зустрічі та дозвілля", "Інші пропозиції", "Екстрені номери"))),
        "labels": {"provider": "Організація", "address": "Адреса", "contact": "Контакт", "phone": "Телефон",
                   "email": "Ел. пошта", "website": "Вебсайт", "languages": "Мови", "costs": "Вартість",
                   "childcare": "Догляд за дітьми", "access": "Хто може взяти участь"},
        "annex": "Список адрес",
        "annex_ref": "Список адрес, № {n}",
        "only_german": "(лише німецькою)",
        "yes_no": dict(zip(JA_NEIN, ("так", "ні"))),
        "access": dict(zip(ZUGANG, (
            "відкрито для всіх", "лише з дозволом на проживання (Aufenthaltserlaubnis)",
            "не для осіб з Aufenthaltsgestattung або Duldung", "лише для громадян ЄС",
            "лише для осіб з України (§ 24)", "обмежено (див. опис)"))),
        "emergency_intro": "Усі номери безкоштовні. На 110 і 112 телефонуйте лише в екстреному випадку.",
        "emergency": (
            "Поліція",
            "Пожежна служба та швидка допомога",
            "Чергова лікарська служба (коли лікарська практика зачинена)",
            "Гаряча лінія «Насильство щодо жінок» – анонімно, цілодобово, багатьма мовами",
            "Гаряча лінія «Вагітні у скрутному становищі» – анонімно, цілодобово",
            "Телефон довіри для дітей і молоді «Nummer gegen Kummer» (пн–сб 14:00–20:00)",
            "Телефон довіри (TelefonSeelsorge) – цілодобово",
        ),
    },
    "ru": {
        "title": "Путеводитель по интеграции",
        "subtitle": "Предложения, консультации и помощь для приезжих",
        "contents": "Содержание",
        "stand": "По состоянию на",
        "page": "Страница",
        "intro": "В этом путеводителе собраны предложения, консультационные службы и контактные пункты в вашей "
                 "местности. Каждая запись ссылается номером на список адресов в конце брошюры, где все адреса "
                 "приведены по алфавиту.",
        "chapters": dict(zip(CHAPTERS, (
            "Прибытие и ведомства", "Язык", "Работа", "Жильё", "Дети и школа", "Здоровье", "Консультации",
            "Встречи и досуг", "Другие предложения", "Экстренные номера"))),
        "labels": {"provider": "Организация", "address": "Адрес", "contact": "Контакт", "phone": "Телефон",
                   "email": "Эл. почта", "website": "Сайт", "languages": "Языки", "costs": "Стоимость",
                   "childcare": "Присмотр за детьми", "access": "Кто может участвовать"},
        "annex": "Список адресов",
        "annex_ref": "Список адресов, № {n}",
        "only_german": "(только на немецком)",
        "yes_no": dict(zip(JA_NEIN, ("да", "нет"))),
        "access": dict(zip(ZUGANG, (
            "открыто для всех", "только с видом на жительство (Aufenthaltserlaubnis)",
            "не для лиц с Aufenthaltsgestattung или Duldung", "только для граждан ЕС",
            "только для лиц из Украины (§ 24)", "ограничено (см. описание)"))),
        "emergency_intro": "Все номера бесплатные. Звоните 110 и 112 только в экстренном случае.",
        "emergency": (
            "Полиция",
            "Пожарная служба и скорая помощь",
            "Дежурная врачебная служба (когда кабинет врача закрыт)",
            "Горячая линия «Насилие в отношении женщин» – анонимно, круглосуточно, на многих языках",
            "Горячая линия «Беременные в трудной ситуации» – анонимно, круглосуточно",
            "Телефон доверия для детей и молодёжи «Nummer gegen Kummer» (пн–сб 14:00–20:00)",
            "Телефон доверия (TelefonSeelsorge) – круглосуточно",
        ),
    },
    "ar": {
        "title": "دليل الاندماج",
        "subtitle": "عروض واستشارات ومساعدة للقادمين الجدد",
        "contents": "المحتويات",
        "stand": "آخر تحديث",
        "page": "صفحة",
        "intro": "يعرض هذا الدليل العروض ومراكز الاستشارة وجهات الاتصال في منطقتك. يحمل كل عرض رقمًا في قائمة "
                 "العناوين في نهاية الكتيّب، حيث ترد جميع العناوين مرتبة أبجديًا.",
        "chapters": dict(zip(CHAPTERS, (
            "الوصول والدوائر الرسمية", "اللغة", "العمل", "السكن", "الأطفال والمدرسة", "الصحة", "الاستشارة",
            "اللقاءات وأوقات الفراغ", "عروض أخرى", "أرقام الطوارئ"))),
        "labels": {"provider": "الجهة المقدِّمة", "address": "العنوان", "contact": "جهة الاتصال", "phone": "الهاتف",
                   "email": "البريد الإلكتروني", "website": "الموقع الإلكتروني", "languages": "اللغات",
                   "costs": "التكلفة", "childcare": "رعاية الأطفال", "access": "من يمكنه المشاركة"},
        "annex": "قائمة العناوين",
        "annex_ref": "قائمة العناوين، رقم {n}",
        "only_german": "(بالألمانية فقط)",
        "yes_no": dict(zip(JA_NEIN, ("نعم", "لا"))),
        "access": dict(zip(ZUGANG, (
            "مفتوح للجميع", "فقط لحاملي تصريح الإقامة (Aufenthaltserlaubnis)",
            "ليس لحاملي Aufenthaltsgestattung أو Duldung", "فقط لمواطني الاتحاد الأوروبي",
            "فقط للقادمين من أوكرانيا (§ 24)", "مقيَّد (انظر الوصف)"))),
        "emergency_intro": "جميع الأرقام مجانية. اتصل بالرقمين 110 و112 في حالات الطوارئ فقط.",
        "emergency": (
            "الشرطة",
            "الإطفاء والإسعاف",
            "خدمة الطبيب المناوب (عندما تكون العيادة مغلقة)",
            "خط المساعدة «العنف ضد المرأة» – دون ذكر الاسم، على مدار الساعة، بلغات عديدة",
            "خط المساعدة «الحوامل في ضائقة» – دون ذكر الاسم، على مدار الساعة",
            "خط المساعدة للأطفال والشباب «Nummer gegen Kummer» (من الاثنين إلى السبت 14:00–20:00)",
            "خط الاستشارة الهاتفية (TelefonSeelsorge) – على مدار الساعة",
        ),
    },
    "fa": {
        "title": "راهنمای ادغام",
        "subtitle": "پیشنهادها، مشاوره و کمک برای تازه‌واردان",
        "contents": "فهرست مطالب",
        "stand": "تاریخ به‌روزرسانی",
        "page": "صفحه",
        "intro": "این راهنما پیشنهادها، مراکز مشاوره و مراجع تماس در منطقهٔ شما را معرفی می‌کند. هر مورد با یک شماره به "
                 "فهرست نشانی‌ها در پایان دفترچه ارجاع می‌دهد؛ در آنجا همهٔ نشانی‌ها به ترتیب الفبا آمده‌اند.",
        "chapters": dict(zip(CHAPTERS, (
            "ورود و ادارات", "زبان", "کار", "مسکن", "کودکان و مدرسه", "سلامت", "مشاوره",
            "دیدار و اوقات فراغت", "پیشنهادهای دیگر", "شماره‌های اضطراری"))),
        "labels": {"provider": "ارائه‌دهنده", "address": "نشانی", "contact": "تماس", "phone": "تلفن",
                   "email": "ایمیل", "website": "وب‌سایت", "languages": "زبان‌ها", "costs": "هزینه",
                   "childcare": "نگهداری از کودکان", "access": "چه کسانی می‌توانند شرکت کنند"},
        "annex": "فهرست نشانی‌ها",
        "annex_ref": "فهرست نشانی‌ها، شمارهٔ {n}",
        "only_german": "(فقط به آلمانی)",
        "yes_no": dict(zip(JA_NEIN, ("بله", "خیر"))),
        "access": dict(zip(ZUGANG, (
            "برای همه آزاد", "فقط با اجازهٔ اقامت (Aufenthaltserlaubnis)",
            "نه برای دارندگان Aufenthaltsgestattung یا Duldung", "فقط برای شهروندان اتحادیهٔ اروپا",
            "فقط برای افراد از اوکراین (§ 24)", "محدود (توضیحات را ببینید)"))),
        "emergency_intro": "همهٔ شماره‌ها رایگان هستند. با 110 و 112 فقط در موارد اضطراری تماس بگیرید.",
        "emergency": (
            "پلیس",
            "آتش‌نشانی و اورژانس",
            "خدمات پزشک کشیک (وقتی مطب پزشک بسته است)",
            "خط کمک «خشونت علیه زنان» – بدون ذکر نام، شبانه‌روزی، به زبان‌های بسیار",
            "خط کمک «زنان باردار در شرایط دشوار» – بدون ذکر نام، شبانه‌روزی",
            "خط کمک کودکان و نوجوانان «Nummer gegen Kummer» (دوشنبه تا شنبه، ساعت 14 تا 20)",
            "خط مشاوره تلفنی (TelefonSeelsorge) – شبانه‌روزی",
        ),
    },
}


def text(code: str, key: str, **values) -> str:
    """A fixed text of language `code` (`key` as in TEXTS, placeholders filled from `values`)."""
    return TEXTS[code][key].format(**values) if values else TEXTS[code][key]
