# vigie: نصوص الواجهة بالعربية (ترجمة من fr/main.ftl، النص الأصلي).
# Arabic: the reporter's and victim's pages only (/ar/signaler, /ar/suivi, /ar/aide, their layout
# and error pages). A translation to be proofread by native speakers. Every key here must exist in
# fr/ and en/ with the same variables, and every key of those pages must be here (a test checks
# both). Numbers stay in Western digits, as they are dialled in France. A number written with
# spaces (a follow-up code) is isolated left to right ({ "\u2066" } ... { "\u2069" }), or its
# groups would be shown in reverse order.

## الموقع، التنقل، القالب

site-name = vigie
site-tagline = بلِّغوا، واحصلوا على المساعدة، وافهموا ما يجري: معًا ضد تجارة المخدرات في مرسيليا.
nav-label = القائمة الرئيسية
nav-home = الرئيسية
nav-report = الإبلاغ
nav-help = طلب المساعدة
nav-follow = متابعة بلاغي
nav-observatory = المرصد (بالفرنسية)
nav-staff = فضاء المهنيين (بالفرنسية)
skip-link = الانتقال إلى المحتوى
demo-banner-label = عرض تجريبي
demo-banner = عرض تجريبي: البيانات وهمية، فلا تبلِّغوا هنا عن أي شيء حقيقي.
emergency = إذا كنتم في خطر داهم، اتصلوا بالرقم 17 أو 112.
footer-privacy = لا يتتبّعكم موقع vigie: لا إعلانات، ولا قياس للزيارات، ولا ملفات تعريف ارتباط للتتبّع. لا نسجّل أبدًا عنوان IP الخاص بكم ولا متصفحكم.
footer-tor = لمزيد من التكتّم، يمكنكم استخدام vigie عبر متصفح Tor.
translation-notice-label = ترجمة قيد المراجعة
translation-notice = هذه الصفحة مترجمة إلى العربية، ولم يراجعها بعدُ أشخاص لغتهم الأم هي العربية. عند الشك، يُعتمد النص الفرنسي.

## صفحات الأخطاء

error-back-home = العودة إلى الصفحة الرئيسية
error-code = خطأ { $code }
error-404-title = الصفحة غير موجودة
error-404-text = هذه الصفحة غير موجودة أو لم تعد موجودة. تحقّقوا من العنوان، أو ابدؤوا من جديد من الصفحة الرئيسية.
error-csrf-title = انتهت صلاحية الاستمارة أو هي غير صالحة
error-csrf-text = حرصًا على سلامتكم، لا تبقى الاستمارة صالحة إلا لمدة محدودة. لم نتمكّن من قبول هذه الاستمارة: لم يُرسَل أي شيء.
error-csrf-steps = ارجعوا إلى الصفحة السابقة، وأعيدوا تحميلها، ثم أرسلوا الاستمارة من جديد. إذا كنتم قد كتبتم نصًا طويلًا، فانسخوه أولًا حتى لا يضيع.
error-403-title = الدخول غير مسموح
error-403-text = ليس لديكم إذن بالدخول إلى هذه الصفحة.
error-413-title = حجم الإرسال كبير جدًا
error-413-text = ما أرسلتموه يتجاوز الحجم المسموح به. قلّلوا حجم الملفات المرفقة أو عددها، ثم حاولوا من جديد.
error-429-title = طلبات كثيرة جدًا
error-429-text = لقد أرسلتم طلبات كثيرة في وقت قصير. حاولوا من جديد بعد { $seconds ->
        [one] ثانية واحدة
        [two] ثانيتين
        [few] { $seconds } ثوانٍ
       *[other] { $seconds } ثانية
    }.
error-500-title = خطأ في الخدمة
error-500-text = حدث خطأ غير متوقع من جهتنا. حاولوا من جديد بعد لحظات؛ وإذا استمرت المشكلة، فعودوا لاحقًا.
error-503-title = الخدمة مزدحمة
error-503-text = الخدمة مزدحمة في الوقت الحالي. حاولوا من جديد بعد { $seconds ->
        [one] ثانية واحدة
        [two] ثانيتين
        [few] { $seconds } ثوانٍ
       *[other] { $seconds } ثانية
    }.

## الاستمارات

form-submit = إرسال
form-back = رجوع
form-cancel = إلغاء
form-save = حفظ
form-required = إلزامي
form-errors-title = في الاستمارة أخطاء:

## البلاغ دون ذكر الاسم (/ar/signaler)

error-400-title = طلب غير صالح
error-400-multipart = وصلت الاستمارة ناقصة أو بصيغة غير سليمة (ربما انقطع الإرسال؟). لم يُحفَظ أي شيء: ارجعوا إلى الاستمارة وأرسلوها من جديد.
error-400-form = الاستمارة المرسلة ناقصة أو بصيغة غير سليمة. لم يُحفَظ أي شيء: ارجعوا إلى الصفحة السابقة، وأعيدوا تحميلها، ثم حاولوا من جديد.
error-405 = لا يُستخدم هذا العنوان بهذه الطريقة. ارجعوا إلى الصفحة السابقة أو ابدؤوا من الصفحة الرئيسية.
error-400-utf8 = يحتوي أحد الحقول على حروف غير مقروءة. لم يُحفَظ أي شيء: تحقّقوا من النص ثم أرسلوه من جديد.
report-title = تقديم بلاغ دون ذكر الاسم
report-emergency = إذا كان أحدٌ في خطر داهم، اتصلوا بالرقم 17 (الشرطة) أو 112.
report-intro = صِفوا ما رأيتموه أو تعرّضتم له: تجارة مخدرات، نقطة بيع، تهديدات، تجنيد قاصرين. لا تحتاجون إلى حساب ولا إلى ذكر أسمائكم. يُشفَّر بلاغكم فور وصوله، ولا يستطيع قراءته إلا فريق الجمعية الذي يستلمه.
report-safety-title = لتبقوا في أمان
report-safety-tor = إن استطعتم، فاستخدموا متصفح Tor: لن يتمكّن أحد من معرفة أنكم زرتم هذا الموقع.
report-safety-device = استخدموا هاتفًا أو حاسوبًا لا يراقبه أحد، وأغلقوا هذه الصفحة بعد الإرسال.
report-safety-no-address = لا يسجّل vigie عنوان IP الخاص بكم، ولا متصفحكم، ولا الوقت الدقيق لإرسالكم.
report-safety-receipt = بعد الإرسال، ستحصلون على رمز متابعة: هو الوسيلة الوحيدة للعودة وقراءة ردود الفريق.
report-errors-intro = لم يُرسَل البلاغ: صحّحوا الحقول المشار إليها أدناه.
report-files-again = حرصًا على سلامتكم، لم نحتفظ بالملفات المرفقة: اختاروها من جديد.
report-too-soon = لم يُرسَل بلاغكم بعد: أُرسلت الاستمارة بسرعة كبيرة بعد فتحها (وهذه حماية من الإرسال الآلي). ما كتبتموه محفوظ أدناه. انتظروا { $seconds ->
        [one] ثانية واحدة
        [two] ثانيتين
        [few] { $seconds } ثوانٍ
       *[other] { $seconds } ثانية
    }، ثم اضغطوا زر الإرسال من جديد.
report-already-sent = سبق أن أُرسلت هذه الاستمارة مرة. إذا حصلتم على رمز متابعة، فقد سُجِّل بلاغكم: لا ترسلوه مرة ثانية. وإلا، فراجعوا ما كتبتموه أدناه، ثم أرسلوه.
report-resend-steps = لم يُسجَّل بلاغكم، لكن لم يضِع شيء: ارجعوا إلى الصفحة السابقة بزر «رجوع» في متصفحكم، حيث ما زال ما كتبتموه موجودًا، وانتظروا المدة المذكورة، ثم أرسلوا الاستمارة من جديد.
report-what-legend = ماذا حدث
report-category = نوع الوقائع
report-choose = — اختاروا —
report-category-deal_point = نقطة بيع مخدرات
report-category-lookouts_minors = مراقبون لحساب التجار / تجنيد قاصرين
report-category-threats = تهديدات / ترهيب
report-category-violence = عنف / تصفية حسابات
report-category-hall_occupation = احتلال مدخل عمارة / إشغال غير قانوني
report-category-online = تجارة مخدرات عبر الإنترنت
report-category-corruption = فساد
report-category-other = أمر آخر
report-text = الوصف
report-text-hint = ما رأيتموه أو سمعتموه، بأكبر قدر ممكن من الدقة (20000 حرف على الأكثر). تجنّبوا التفاصيل التي قد تكشف هويتكم.
report-where-legend = أين
report-district = الدائرة (arrondissement)
report-neighbourhood = الحي (اختياري)
report-neighbourhood-hint = يجب أن يكون الحي داخل الدائرة المختارة.
report-not-specified = غير محدد
report-place = المكان بالتحديد (اختياري)
report-place-hint = مثلًا: «مدخل العمارة B»، «موقف السيارات خلف المدرسة».
report-when-legend = متى
report-date = التاريخ (اختياري)
report-ongoing = يحدث ذلك الآن
report-time = وقت اليوم (اختياري)
report-more-legend = في الختام
report-danger = هناك شخص في خطر داهم
report-consent = أوافق على أن تحيل الجمعية هذا البلاغ إلى السلطات (الشرطة، القضاء) إذا رأت ذلك مفيدًا
report-identity = اسمكم أو وسيلة للتواصل معكم (اختياري)
report-identity-hint = لا يستطيع قراءته إلا الشخص المؤتمن على الهويات في الجمعية. اتركوا الحقل فارغًا لتبقوا مجهولي الهوية.
report-files = صور أو فيديوهات أو وثائق (اختياري)
report-files-hint = الحد الأقصى لعدد الملفات: { $count }، ولحجم كل ملف: { $mib } ميغابايت. تُزال البيانات الوصفية (موقع GPS، الجهاز، المؤلف) من صور JPEG وPNG وWebP ومن ملفات PDF.
report-files-kept = الفيديوهات (MP4، MOV)، وصور HEIC أو AVIF (آيفون)، وملفات GIF، والمستندات المكتبية (Word، Excel…)، والملفات المضغوطة وسائر الملفات تُحفظ كما هي مع بياناتها الوصفية: قد تكشف أين ومتى التُقطت وبأي جهاز. أرسلوا بدلًا منها لقطة شاشة، أو عطّلوا تحديد الموقع (أو أزيلوه من الملف) قبل الإرسال.
report-submit = إرسال البلاغ
report-error-required = هذا الحقل إلزامي.
report-error-unknown = اختاروا قيمة من القائمة (يجب أن يكون الحي داخل الدائرة المختارة).
report-error-too-long = هذا النص طويل جدًا.
report-error-date = أدخلوا تاريخًا صحيحًا ليس في المستقبل.
report-done-title = أُرسل البلاغ
report-done-category = وصلنا بلاغكم «{ $category }» وتم تشفيره.
report-receipt-title = رمز المتابعة الخاص بكم
report-receipt-once = لن يُعرَض هذا الرمز مرة أخرى أبدًا. دوّنوه الآن.
report-receipt-keep = احتفظوا به في مكان آمن: يمكن أن يبدو كرقم هاتف أو رقم حساب.
report-receipt-lost = من دون هذا الرمز، لا يستطيع أحد، ولا حتى الجمعية، أن يعيد إليكم الوصول إلى المحادثة.
report-files-done-title = ملفاتكم
report-file-removed = أُزيل:
report-file-nothing-removed = لم نجد أي بيانات وصفية.
report-file-unchecked = تعذّر تنظيف هذا الملف؛ وهو محفوظ مشفّرًا كما وصل.
report-file-flagged = تنبيه: قد يحتوي هذا النوع من الملفات على موقعكم أو على معلومات أخرى عنكم.
report-noted = دوّنتُ رمزي
report-next-title = وماذا بعد؟
report-next-team = يقرأ فريق الجمعية بلاغكم ويمكنه أن يردّ عليكم.
report-next-follow = عودوا بعد بضعة أيام ومعكم رمزكم لقراءة الردود:
report-next-follow-link = متابعة بلاغي
report-next-safety = أغلقوا هذه الصفحة، وإن لزم الأمر فامسحوا سجلّ التصفح في متصفحكم.
removed-location = الموقع (GPS)
removed-exif = بيانات EXIF (الجهاز، التاريخ)
removed-xmp = بيانات XMP الوصفية
removed-iptc = بيانات IPTC الوصفية
removed-comment = التعليقات
removed-thumbnail = الصورة المصغّرة
removed-icc-profile = ملف تعريف الألوان
removed-png-text = النصوص المدمجة
removed-png-time = تاريخ التعديل
removed-vendor-data = بيانات الشركة المصنّعة
removed-trailing-data = بيانات مخفية بعد نهاية الملف
removed-pdf-info = معلومات المستند (المؤلف، البرنامج)
removed-pdf-xmp = بيانات XMP الوصفية للمستند
removed-pdf-image-metadata = البيانات الوصفية لصور المستند
removed-pdf-actions = النصوص البرمجية والإجراءات التلقائية والروابط في المستند
removed-pdf-embedded-files = ملفات مخفية داخل المستند
removed-pdf-forms = استمارات المستند
removed-pdf-annotations = الملاحظات المضافة إلى المستند
report-status-new = جديد
report-status-in_progress = قيد المعالجة
report-status-qualified = صُنِّف
report-status-forwarded = أُحيل
report-status-closed = أُغلق

## المتابعة (/ar/suivi)

follow-title = متابعة بلاغي
follow-intro = أدخلوا رمز المتابعة الذي حصلتم عليه عند تقديم بلاغكم، بمسافات أو من دونها.
follow-receipt = رمز المتابعة
follow-receipt-hint = 20 رقمًا، مثلًا: { "\u2066" }1234 5678 9012 3456 7890{ "\u2069" }.
follow-submit = فتح
follow-cookie-note = عند الفتح، يُحفَظ ملف تعريف ارتباط للجلسة؛ ويزول عند تسجيل الخروج أو بعد 20 دقيقة دون نشاط.
follow-wrong-receipt = هذا الرمز لا يطابق أي بلاغ. تحقّقوا منه وحاولوا من جديد.
follow-expired = انتهت جلستكم. أدخلوا رمزكم من جديد.
follow-logged-out = تم تسجيل خروجكم. أغلقوا هذه الصفحة.
follow-heading = البلاغ رقم { $number }
follow-status = الحالة
follow-received = تاريخ الاستلام
follow-your-report = بلاغكم
follow-files = الملفات المرسلة:
follow-conversation = المراسلات مع الفريق
follow-no-messages = لا توجد رسائل بعد. سيردّ عليكم الفريق هنا.
follow-from-you = أنتم
follow-from-team = الفريق
follow-reply = الكتابة إلى الفريق
follow-message = رسالتكم
follow-files-hint = الحد الأقصى لعدد الملفات: { $count }.
follow-send = إرسال
follow-sent = أُرسلت الرسالة.
follow-empty = اكتبوا رسالة أو أرفقوا ملفًا (20000 حرف على الأكثر).
follow-end-title = الإنهاء
follow-logout = تسجيل الخروج
follow-withdraw-link = سحب بلاغي
withdraw-title = سحب بلاغي
withdraw-warning = سيُمحى بلاغكم وملفاتكم والمحادثة كلها نهائيًا. لن يستطيع أحد استرجاعها، ولا حتى الجمعية.
withdraw-confirm = المحو نهائيًا
withdraw-cancel = الإلغاء والعودة إلى المتابعة
withdraw-done = مُحي بلاغكم نهائيًا.

## بيان إمكانية الوصول (بالفرنسية)

footer-accessibility = إمكانية الوصول: غير مطابق (البيان بالفرنسية)
