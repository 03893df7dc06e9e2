import type { FeedbackCategory } from '@insights/db';
import type { FeedbackItem } from '@insights/engine';
import { uuidFrom } from '../feedback-fixtures.js';
import { prng } from './demo-feedback.js';
import type { EntryShape, LabelledEntry, LabelledSet, PlantedTheme } from './labelled-feedback.js';

/**
 * A second labelled set, in another domain than the analytics demo: reviews of a mobile banking
 * app. Its wording shares little with the demo's, so a quality figure that holds on both sets
 * is less likely to hold only because an analyser was shaped around one vocabulary.
 */
export interface BankingTheme extends PlantedTheme {
  /** Share of a set's entries that carry the theme. */
  share: number;
  category: FeedbackCategory;
  /** Inclusive rating range. */
  ratings: [number, number];
  /** First day (0 to 83) entries on the theme appear: a crash starts with the release that brings it. */
  fromDay: number;
  /** Sentences with `{slot}` placeholders, filled from `slots`. */
  templates: string[];
  slots: Record<string, string[]>;
  /** Further sentences on the same subject, for the long entries. */
  followUps: string[];
}

export const BANKING_THEMES: readonly BankingTheme[] = [
  {
    id: 'card-declined-abroad',
    subject: 'Card declined abroad',
    names: /declin|abroad|travel|overseas|foreign|international|refus|reject/i,
    share: 0.16,
    category: 'complaint',
    ratings: [1, 2],
    fromDay: 0,
    templates: [
      'My {card} was declined at a {place} in {country}.',
      'Tried to pay in {country} and the card got declined {often}.',
      'Why does my card stop working every time I {go}? Declined at the {place} again.',
      '{country} trip ruined: card declined at the {place}, had to borrow cash from a friend.',
      'Declined abroad AGAIN. I told the app I was travelling to {country}!',
      'Card works fine at home but gets rejected {often} in {country}.',
      'Is there a travel mode? My {card} was refused at a {place} in {country}.',
      'Payment refused at a {place} in {country} even though there is plenty of money in the account.',
      'Every foreign purchase gets blocked. {country}, {place}, {often}. What is the point of a card that only works at home?',
      'Standing at a {place} in {country} with a declined {card} is embarrassing.',
    ],
    slots: {
      card: ['debit card', 'virtual card', 'card', 'Visa card', 'Mastercard'],
      place: ['hotel', 'restaurant', 'petrol station', 'supermarket', 'car rental desk', 'ticket machine', 'pharmacy', 'museum shop', 'taxi rank'],
      country: ['Spain', 'Portugal', 'Japan', 'the US', 'Mexico', 'Thailand', 'Italy', 'Croatia', 'Turkey', 'Morocco', 'Canada', 'Greece'],
      often: ['every single time', 'twice in a row', 'three times today', 'on the first day', 'all week'],
      go: ['go abroad', 'leave the country', 'travel', 'cross a border'],
    },
    followUps: [
      'I had even switched on the travel notice in settings before leaving.',
      'The app showed nothing, no reason, just declined.',
      'Had to call my sister to send me cash.',
      'Contactless abroad simply does not work with this card.',
    ],
    short: ['Card declined abroad.', 'doesnt work overseas', 'Refused in Spain again', 'Useless for travel.', 'Declined at hotel.'],
    translated: [
      'Meine Karte wurde im Urlaub in Italien abgelehnt.',
      "Ma carte a été refusée à l'étranger, au restaurant.",
      'Me rechazaron la tarjeta en el extranjero dos veces.',
      '海外でカードが使えませんでした。',
      '在国外刷卡总是被拒绝。',
      'За границей карту постоянно отклоняют.',
      'تم رفض بطاقتي أثناء السفر إلى الخارج.',
    ],
  },
  {
    id: 'crash-after-update',
    subject: 'App crashes after the update',
    names: /crash|update|force.?clos|keeps closing|shuts down/i,
    share: 0.2,
    category: 'bug',
    ratings: [1, 2],
    fromDay: 38,
    templates: [
      'Since the latest update the app crashes {when}.',
      'App crashes {when} after updating to version {version}.',
      'Updated yesterday and now it just closes {when}. {phone}.',
      'The new version crashes on my {phone} every time I {action}.',
      'Crash, crash, crash. Ever since {version} I cannot {action}.',
      'After the update the app shuts down as soon as I {action}.',
      'Please fix the update, the app force closes {when} on {phone}.',
      'Reinstalled twice, still crashing {when}. This started with the update.',
      'Worked perfectly until {version}. Now it crashes whenever I {action}.',
    ],
    slots: {
      when: ['on launch', 'right after the splash screen', 'when I open it', 'within seconds', 'in the middle of a payment'],
      version: ['5.2', '5.2.1', 'the October release', 'the last version', '5.2.0'],
      phone: ['Pixel 7', 'iPhone 12', 'Samsung S21', 'iPhone SE', 'OnePlus 9', 'Xiaomi phone', 'iPad'],
      action: ['open my statements', 'tap on Payments', 'scan a cheque', 'open the card screen', 'switch accounts'],
    },
    followUps: [
      'I cleared the cache and reinstalled, no change.',
      'My partner has the same phone and the same crash.',
      'The old version was rock solid.',
      'I had to go to a branch just to check my balance.',
    ],
    short: ['Crashes since update.', 'keeps crashing!!', 'Update broke the app', 'Crash on launch.', 'new version crashes'],
    translated: [
      'Seit dem letzten Update stürzt die App beim Start ab.',
      "Depuis la mise à jour, l'application plante à l'ouverture.",
      'Depois da atualização o aplicativo fecha sozinho.',
      'アップデート後、アプリが起動直後に落ちます。',
      '업데이트 이후 앱이 계속 꺼져요.',
      'После обновления приложение вылетает при запуске.',
      'अपडेट के बाद ऐप बार-बार बंद हो जाता है।',
    ],
  },
  {
    id: 'slow-transfers',
    subject: 'Slow transfers',
    names: /transfer|pending|delay|slow|takes days/i,
    share: 0.13,
    category: 'complaint',
    ratings: [1, 3],
    fromDay: 0,
    templates: [
      'My transfer to {whom} took {time} to arrive.',
      'Why is a bank transfer still pending after {time}?',
      'Sent money to {whom} on Monday, it arrived {later}. Too slow.',
      'Transfers are painfully slow, {time} for a simple payment to {whom}.',
      'Other banks send money in seconds. Here a transfer to {whom} sits as pending for {time}.',
      'The transfer to {whom} was delayed {time} and my rent was late because of it.',
      'Slow transfers are the reason I am thinking of leaving.',
      'Money I sent to {whom} showed as processing for {time}. Why so slow?',
    ],
    slots: {
      whom: ['my landlord', 'my savings account', 'a friend', 'my other bank', 'a supplier', 'my son', 'the tax office'],
      time: ['three days', 'two working days', 'almost a week', '48 hours', 'four days', 'the whole weekend'],
      later: ['on Thursday', 'three days later', 'the following week', 'only after I complained'],
    },
    followUps: [
      'The status just said pending the entire time.',
      'Instant payments are normal everywhere else now.',
      'I got a late fine because the money did not arrive in time.',
      'There is no way to see where the money is stuck.',
    ],
    short: ['Transfers too slow.', 'transfer still pending', 'Payments take days', 'slow slow slow transfers'],
    translated: [
      'Überweisungen dauern mehrere Tage, das ist nicht mehr zeitgemäß.',
      'Las transferencias tardan días en llegar.',
      'Przelewy idą strasznie długo.',
      '转账到账太慢了，要等好几天。',
      'Переводы идут по несколько дней.',
      'Οι μεταφορές χρημάτων αργούν πάρα πολύ.',
    ],
  },
  {
    id: 'fees',
    subject: 'Fees and charges',
    names: /fee|charg|commission|cost|pric/i,
    share: 0.11,
    category: 'complaint',
    ratings: [1, 3],
    fromDay: 0,
    templates: [
      'The {fee} went up again without any warning.',
      'I was charged {amount} for {what}. Nobody told me about that fee.',
      'Hidden fees everywhere: {fee}, then {fee2}.',
      'Why do I pay the {fee} when other apps are free?',
      '{amount} {fee} is daylight robbery.',
      'Found a {amount} charge on my statement for {what}. Ridiculous.',
      'Your fees are not transparent. I had no idea about the {fee}.',
      'Thinking of closing my account because of the {fee}.',
    ],
    slots: {
      fee: ['monthly account fee', 'ATM withdrawal fee', 'overdraft fee', 'card replacement fee', 'currency conversion fee', 'premium plan fee'],
      fee2: ['a paper statement charge', 'an overdraft fee', 'a card delivery fee', 'an inactivity fee'],
      amount: ['£5', '€7.50', '$12', '£2.99', '€15', '$4'],
      what: ['a cash withdrawal', 'a replacement card', 'going one pound into my overdraft', 'a paper statement', 'paying in euros'],
    },
    followUps: [
      'The price list is buried three menus deep.',
      'When I signed up the account was advertised as free.',
      'Small amounts, but they add up every month.',
      'I would pay happily if the charges were clear.',
    ],
    short: ['Too many fees.', 'Hidden charges!', 'monthly fee too high', 'Fees keep going up.'],
    translated: [
      'Trop de frais cachés sur mon compte.',
      'Le commissioni sono troppo alte.',
      'Die Kontoführungsgebühr ist schon wieder gestiegen.',
      '手数料が高すぎます。',
      'Gizli ücretler ve komisyonlar çok fazla.',
      'الرسوم مرتفعة جدا وغير واضحة.',
    ],
  },
  {
    id: 'face-id-login',
    subject: 'Face ID login failing',
    names: /face ?id|biometric|facial|fingerprint|log ?in|sign.?in/i,
    share: 0.09,
    category: 'bug',
    ratings: [1, 3],
    fromDay: 0,
    templates: [
      'Face ID stopped working for login, I have to type my passcode {often}.',
      'Biometric login fails {often} on my {phone}.',
      'The app keeps asking for my password instead of Face ID.',
      'Fingerprint login is broken on {phone}, it says biometrics are unavailable.',
      'Cannot log in with Face ID since I got a new {phone}.',
      'Face ID works in every other app but yours. Login fails {often}.',
      'Signing in is a pain: Face ID fails, then the passcode screen freezes.',
      'Please fix biometric login, typing a six digit code {often} is annoying.',
    ],
    slots: {
      often: ['every time', 'most mornings', 'nine times out of ten', 'since last week', 'at least twice a day'],
      phone: ['iPhone 13', 'iPhone 15', 'Pixel 8', 'Samsung A54', 'iPhone 11'],
    },
    followUps: [
      'I re-enrolled my face in the phone settings, no luck.',
      'Turning biometrics off and on again in the app does nothing.',
      'Sometimes it works on the third attempt.',
    ],
    short: ['Face ID broken.', 'cant login with faceid', 'Fingerprint login fails', 'Biometrics not working'],
    translated: [
      'El Face ID ya no funciona para entrar en la app.',
      'Die Anmeldung mit Face ID klappt nicht mehr.',
      'La connexion par reconnaissance faciale échoue à chaque fois.',
      'Face ID로 로그인이 안 돼요.',
      '面容ID登录一直失败。',
      'Вход по Face ID не работает.',
    ],
  },
  {
    id: 'support-wait',
    subject: 'Long waits for customer support',
    names: /support|wait|on hold|agent|customer service|call cent/i,
    share: 0.07,
    category: 'complaint',
    ratings: [1, 2],
    fromDay: 0,
    templates: [
      'Waited {time} on hold to speak to someone.',
      'The in-app chat says an agent will join soon. That was {time} ago.',
      'Customer service is impossible to reach, {time} waiting {channel}.',
      'Spent {time} waiting for support {channel} and then got disconnected.',
      'Why does it take {time} to get a human in support?',
      'Support queue position 47, and {time} later I am still waiting.',
      'Nobody answers {channel}. I waited {time} about a simple question.',
    ],
    slots: {
      time: ['an hour', '45 minutes', 'two hours', 'three days', 'over an hour', 'all afternoon'],
      channel: ['on the phone', 'in the chat', 'by email', 'on the helpline'],
    },
    followUps: [
      'When someone finally answered they could not help.',
      'The bot just sends me links to the FAQ.',
      'I have a real problem and nobody to talk to.',
    ],
    short: ['Support never answers.', 'waited an hour on hold', 'No one in the chat', 'Customer service too slow to reply'],
    translated: [
      'Ich hänge seit einer Stunde in der Warteschleife beim Kundendienst.',
      'El servicio de atención al cliente tarda horas en responder.',
      'Fiquei uma hora esperando o atendimento no chat.',
      'サポートに電話しても全然つながりません。',
      'انتظرت خدمة العملاء أكثر من ساعة.',
      'ग्राहक सेवा से बात करने के लिए घंटों इंतज़ार करना पड़ता है।',
    ],
  },
  {
    id: 'budgeting-request',
    subject: 'Budgeting tools request',
    names: /budget|spending|categor|money management/i,
    share: 0.06,
    category: 'feature',
    ratings: [3, 4],
    fromDay: 0,
    templates: [
      'Would love a budgeting feature that {does}.',
      'Please add monthly budgets for {what}.',
      'A spending breakdown by category would help me a lot.',
      'Any plans for budgeting tools? I want to {does2}.',
      'I use a separate budgeting app because this one cannot {does2}.',
      'Could you let me set a spending limit for {what} and warn me when I get close?',
      'Wish list: budgets, spending categories, a monthly summary of {what}.',
    ],
    slots: {
      does: ['warns me before I overspend', 'sorts my purchases into categories', 'shows where my salary goes', 'tracks groceries and eating out'],
      what: ['groceries', 'eating out', 'subscriptions', 'petrol', 'shopping', 'kids stuff'],
      does2: ['see my spending by category', 'plan a monthly budget', 'set limits per category', 'track what I spend on food'],
    },
    followUps: ['Even a simple pie chart per month would do.', 'My old bank had this and I miss it.', 'It would keep me from switching to another app for it.'],
    short: ['Budgeting tools please!', 'add spending categories', 'Need a budget feature', 'monthly budgets?'],
    translated: [
      "Ce serait bien d'avoir un outil de budget par catégorie.",
      'Bitte eine Budgetfunktion mit monatlichen Limits einbauen.',
      'Me gustaría poder ver mis gastos por categoría.',
      '家計簿のような予算機能が欲しいです。',
      '希望增加预算和消费分类功能。',
    ],
  },
  {
    id: 'instant-notifications-praise',
    subject: 'Praise for instant payment notifications',
    names: /notif|alert|push/i,
    share: 0.05,
    category: 'praise',
    ratings: [4, 5],
    fromDay: 0,
    templates: [
      'Love the instant notifications, I know about every payment {when}.',
      'The push alerts are brilliant, {why}.',
      'Instant payment notifications are the best thing about this app.',
      'Getting a notification {when} is so reassuring. {why2}',
      'Real-time alerts caught a fraudulent payment {when}. Thank you!',
      'The notifications are fast and clear, {why}.',
    ],
    slots: {
      when: ['the second I tap my card', 'before the receipt prints', 'within a second', 'instantly'],
      why: ['they show the shop and the amount', 'I always know my balance', 'they helped me spot a double charge', 'my partner and I both see them'],
      why2: ['Never going back.', 'Great job.', 'Keep it like this.', 'Other banks should copy it.'],
    },
    followUps: ['Even my mum, who hates apps, loves the alerts.', 'It makes me feel in control of my money.', 'Please never change them.'],
    short: ['Love the instant notifications!', 'great push alerts', 'Notifications are super fast 👍', 'Instant alerts = best feature'],
    translated: [
      '¡Me encantan las notificaciones instantáneas de cada pago!',
      'Die Sofort-Benachrichtigungen bei jeder Zahlung sind super.',
      'Les notifications instantanées sont géniales.',
      '支払いのたびにすぐ通知が来るのが最高です。',
      'Мгновенные уведомления о платежах — это здорово.',
      '결제 알림이 바로 와서 정말 좋아요.',
    ],
  },
];

/** Share of entries that carry no planted theme: one-off remarks on many other things. */
export const BANKING_TAIL_SHARE = 1 - BANKING_THEMES.reduce((s, t) => s + t.share, 0);

interface TailTopic {
  category: FeedbackCategory;
  ratings: [number, number];
  texts: string[];
}

// One-off remarks: each on its own subject, none on a planted one.
const TAIL: readonly TailTopic[] = [
  {
    category: 'improvement',
    ratings: [3, 3],
    texts: ['The cheque photo is always blurry when I deposit one.', 'Cheque scanning needs a better camera guide.'],
  },
  { category: 'feature', ratings: [3, 4], texts: ['Can you add a dark theme? My eyes hurt at night.', 'Dark mode would be nice.'] },
  { category: 'improvement', ratings: [3, 4], texts: ['The IBAN should have a copy button.', 'Let me copy my account number with one tap.'] },
  { category: 'feature', ratings: [3, 4], texts: ['I would like to order a card in a different colour.', 'More card colours please, the grey one is dull.'] },
  { category: 'feature', ratings: [3, 4], texts: ['Please let me rename my savings pots.', 'Savings pots need custom names and emojis.'] },
  { category: 'complaint', ratings: [2, 3], texts: ['Interest on the savings account is lower than at other banks.', 'The savings rate is poor.'] },
  { category: 'other', ratings: [3, 3], texts: ['Where do I download my annual tax certificate?', 'Is the yearly interest statement in the app somewhere?'] },
  { category: 'complaint', ratings: [2, 2], texts: ['The referral bonus never showed up after my friend joined.', 'Invited two friends, no bonus yet.'] },
  { category: 'improvement', ratings: [3, 3], texts: ['Statements are only in English and my mother reads Spanish.', 'Statements in more languages please.'] },
  { category: 'other', ratings: [3, 3], texts: ['How do I change my address in the app?', 'Moved house, where do I put my new address?'] },
  { category: 'feature', ratings: [3, 4], texts: ['An Apple Watch app would be nice.', 'Balance on my smartwatch, please.'] },
  {
    category: 'bug',
    ratings: [2, 3],
    texts: ['The home screen widget shows an old balance sometimes.', 'Widget balance is out of date until I open the app.'],
  },
  { category: 'feature', ratings: [3, 4], texts: ['Joint accounts for couples, please.', 'My wife and I want a shared account in the app.'] },
  { category: 'praise', ratings: [4, 5], texts: ['The new logo looks great.', 'Nice rebrand, the logo is much cleaner.'] },
  { category: 'praise', ratings: [5, 5], texts: ['Opened my account in ten minutes, very smooth.', 'Account opening was painless.'] },
  { category: 'feature', ratings: [3, 3], texts: ['Would love to see crypto in the app.', 'Any plans for bitcoin?'] },
  { category: 'complaint', ratings: [2, 3], texts: ['The app takes 400 MB on my phone, why so big?', 'App size is huge for a bank.'] },
  { category: 'improvement', ratings: [3, 3], texts: ['Text is tiny on my tablet.', 'Landscape mode on tablets would help.'] },
  { category: 'feature', ratings: [3, 3], texts: ['Please add Polish as a language.', 'Dutch language option please.'] },
  { category: 'improvement', ratings: [3, 3], texts: ['Cashback offers are never relevant to me.', 'The cashback deals are for shops I never visit.'] },
  { category: 'praise', ratings: [5, 5], texts: ['Got a great mortgage rate through the app.', 'The mortgage application was easier than expected.'] },
  { category: 'other', ratings: [3, 3], texts: ['I cannot find where to see the PIN of my new card.', 'Where is the PIN reminder?'] },
  { category: 'praise', ratings: [4, 5], texts: ['Overdraft limit raised within minutes, nice.', 'Asked for a higher overdraft and got it the same day.'] },
  { category: 'feature', ratings: [3, 4], texts: ['My kids would use a teen account if you had one.', 'Accounts for teenagers would be great.'] },
  { category: 'improvement', ratings: [2, 3], texts: ['The scheduled payments screen is confusing.', 'Hard to tell which scheduled payments are active.'] },
  {
    category: 'improvement',
    ratings: [3, 4],
    texts: ['Please show the shop logo next to each purchase.', 'Merchant logos would make the history easier to read.'],
  },
  { category: 'bug', ratings: [3, 3], texts: ['The CSV of my transactions has dates in US format.', 'Exported statements use month/day order.'] },
  { category: 'feature', ratings: [3, 4], texts: ['QR code payments would be handy at markets.', 'Pay by QR code please.'] },
  { category: 'praise', ratings: [5, 5], texts: ['Lost my card, freezing it took two taps. Great.', 'Freezing and unfreezing the card is so easy.'] },
  { category: 'bug', ratings: [2, 3], texts: ['Round-ups into savings stopped rounding to the nearest pound.', 'Round-ups are not being saved any more.'] },
  { category: 'bug', ratings: [2, 2], texts: ['The screen reader skips the balance on the home screen.', 'VoiceOver reads the balance as a button.'] },
  { category: 'complaint', ratings: [2, 3], texts: ['The metal card of the premium plan feels flimsy.', 'Metal card scratches easily.'] },
  { category: 'complaint', ratings: [2, 2], texts: ['Paper statements still come by post though I opted out.', 'Stop mailing me paper, I chose paperless.'] },
  { category: 'complaint', ratings: [2, 3], texts: ['The insurance banners on the home screen are annoying.', 'Too many adverts for insurance in the app.'] },
  {
    category: 'improvement',
    ratings: [2, 3],
    texts: ['Standing orders can only be deleted, not edited.', 'Let me edit a standing order instead of recreating it.'],
  },
  { category: 'feature', ratings: [3, 4], texts: ['I would like to see my pension in the app too.', 'Show my pension pot next to my accounts.'] },
  { category: 'improvement', ratings: [3, 3], texts: ['The colours of the new design are too pale.', 'Contrast in the redesign is low.'] },
  { category: 'complaint', ratings: [2, 2], texts: ['Cash withdrawal limit at ATMs is too low.', 'Let me take out more cash per day.'] },
  { category: 'feature', ratings: [3, 3], texts: ['Gift cards for friends would be fun.', 'Sell gift cards in the app?'] },
  { category: 'other', ratings: [3, 4], texts: ['Tried the investing section, decent so far.', 'The stocks tab is fine for beginners.'] },
  { category: 'improvement', ratings: [2, 3], texts: ['The app asked me to rate it three times this week.', 'Stop asking for a review.'] },
  { category: 'praise', ratings: [5, 5], texts: ['Love the new pastel card design.', 'The card design is beautiful.'] },
  { category: 'complaint', ratings: [2, 3], texts: ['Why do I need to scan my passport again?', 'Identity check again after two years, really?'] },
  { category: 'praise', ratings: [4, 5], texts: ['Splitting a bill with friends works really well.', 'Bill splitting is great for flatmates.'] },
  { category: 'feature', ratings: [3, 3], texts: ['Could you add Google Pay for my older phone?', 'Garmin Pay would be nice.'] },
  { category: 'improvement', ratings: [3, 3], texts: ['The terms page is unreadable on a phone.', 'Terms and conditions need a mobile layout.'] },
  { category: 'bug', ratings: [2, 3], texts: ['The mortgage calculator gives other numbers than the branch.', 'Mortgage calculator rounding looks wrong.'] },
  { category: 'other', ratings: [3, 3], texts: ['The branch in my town closed, sad to see it go.', 'Miss having a branch nearby.'] },
  { category: 'praise', ratings: [5, 5], texts: ['The savings goal confetti made me smile.', 'Hitting a savings goal felt like a little party.'] },
  { category: 'other', ratings: [3, 3], texts: ['My salary shows up with a strange reference.', 'Why does my payslip money have a code as its name?'] },
];

const TAIL_OPENERS = ['', '', '', 'Small thing: ', 'Honestly, ', 'Not urgent, but ', 'Random one: ', 'Quick note: '];
const TAIL_CLOSERS = ['', '', '', ' Thanks.', ' Just saying.', ' Cheers!', ' That is all.', ' Otherwise fine.'];

// Around a plain sentence, as people write them; the closer follows the rating.
const OPENERS = ['', '', '', '', '', 'Hi. ', 'Hello. ', 'Hi team, quick one. ', 'So. ', 'Right. ', 'Dear bank, '];
const CLOSERS: Record<'negative' | 'neutral' | 'positive', string[]> = {
  negative: ['', '', '', ' Please fix.', ' One star.', ' Not happy.', ' Sort it out!', ' Very frustrating.'],
  neutral: ['', '', '', ' Thanks.', ' Would be great.', ' Cheers.'],
  positive: ['', '', '', ' Thanks!', ' Five stars.', ' 🙌', ' Well done.'],
};

// Context for the long entries, and a second, minor thing they mention (no planted subject).
const LONG_INTROS = [
  'I have banked with you for about six years and mostly use the app for paying rent and checking my balance.',
  'Long time customer here, I moved over from a high street bank when the app launched.',
  'I run a small bakery and use the personal account for everything that is not the business.',
  'Writing this on the bus because I am honestly fed up and want someone to read it.',
  'My whole family is with this bank, my parents, my brother and me.',
  'I do not usually write reviews but this one needs saying.',
];
const ASIDES = [
  'Also the new icon is a bit ugly, but that is a detail.',
  'Unrelated, but the savings pots are lovely.',
  'On a positive note, the card design is nice.',
  'By the way, the statements would be easier to read with a bigger font.',
  'Side note: please bring back the old green colour.',
  'The cheque scanner, on the other hand, works fine.',
];
const CLOSINGS = ['Please sort it out.', 'Otherwise I like the bank.', 'Thanks for reading.', 'Hoping for a reply.', 'Two stars until then.', ''];

// Shares of the harder shapes among themed entries; the rest are plain sentences.
const SHAPES: readonly [EntryShape, number][] = [
  ['typo', 0.08],
  ['short', 0.08],
  ['long', 0.06],
  ['translated', 0.06],
];

const BASE_TIME = Date.UTC(2026, 7, 3);
const DAYS = 84;
const DAY_MS = 86_400_000;

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
// Lower case after an opener, but not for "I" or an initialism.
const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);
const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function shuffled<T>(rand: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const mood = (rating: number) => (rating >= 4 ? 'positive' : rating <= 2 ? 'negative' : 'neutral');

function fill(rand: () => number, template: string, slots: Record<string, string[]>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => pick(rand, slots[name]!));
}

function rollShape(rand: () => number): EntryShape {
  let roll = rand();
  for (const [shape, share] of SHAPES) if ((roll -= share) < 0) return shape;
  return 'plain';
}

// A hasty phone keyboard: letters swapped, dropped or doubled, and sometimes no capitals.
function typos(rand: () => number, text: string): string {
  const words = text.split(' ');
  const slips = 1 + Math.floor(rand() * 3);
  for (let n = 0; n < slips; n++) {
    const at = Math.floor(rand() * words.length);
    const w = words[at]!;
    if (!/^[a-z]{4,}$/i.test(w)) continue;
    const i = 1 + Math.floor(rand() * (w.length - 2));
    const kind = rand();
    words[at] = kind < 0.4 ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2) : kind < 0.7 ? w.slice(0, i) + w.slice(i + 1) : w.slice(0, i) + w[i] + w.slice(i);
  }
  let out = words
    .join(' ')
    .replace(/\bplease\b/gi, 'pls')
    .replace(/\byou\b/gi, 'u')
    .replace(/\bbecause\b/gi, 'cuz');
  if (rand() < 0.5) out = out.toLowerCase().replace(/[.!]$/, '');
  return out;
}

function themedText(rand: () => number, theme: BankingTheme, shape: EntryShape, rating: number): string {
  const sentence = () => fill(rand, pick(rand, theme.templates), theme.slots);
  switch (shape) {
    case 'typo':
      return typos(rand, sentence());
    case 'short':
      return pick(rand, theme.short);
    case 'translated':
      return pick(rand, theme.translated);
    case 'long': {
      const followUps = shuffled(rand, theme.followUps).slice(0, 1 + Math.floor(rand() * 2));
      const parts = [pick(rand, LONG_INTROS), sentence(), ...followUps, pick(rand, ASIDES), pick(rand, CLOSINGS)];
      return parts.filter(Boolean).join(' ');
    }
    default: {
      const opener = pick(rand, OPENERS);
      const text = sentence();
      return `${opener === 'Dear bank, ' ? opener + lowerFirst(text) : opener + text}${pick(rand, CLOSERS[mood(rating)])}`;
    }
  }
}

function tailText(rand: () => number, topic: TailTopic): string {
  const opener = pick(rand, TAIL_OPENERS);
  const text = pick(rand, topic.texts);
  return `${opener ? opener + lowerFirst(text) : upperFirst(text)}${pick(rand, TAIL_CLOSERS)}`;
}

/** Entries per theme for a set of `count`: the declared shares, rounded by largest remainder. */
function quotas(count: number): number[] {
  const exact = BANKING_THEMES.map((t) => t.share * count);
  const sizes = exact.map(Math.floor);
  const themed = Math.round((1 - BANKING_TAIL_SHARE) * count);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; sizes.reduce((a, b) => a + b, 0) < themed; k++) sizes[order[k % order.length]![1]]!++;
  return sizes;
}

/**
 * Deterministic reviews of a mobile banking app, each tagged with the one planted theme it
 * carries (or none): the declared shares exactly, the harder shapes (typos, terse, long with
 * an aside, translated into Latin and non-Latin scripts) and a tail of one-off remarks, dated
 * over twelve weeks and in date order.
 */
export function bankingFeedback(options: { count: number; seed: number }): LabelledSet {
  const rand = prng(options.seed);
  const drafts: { text: string; themes: string[]; shape: EntryShape; rating: number; category: FeedbackCategory; at: number }[] = [];
  const sizes = quotas(options.count);
  const at = (fromDay: number) => BASE_TIME + fromDay * DAY_MS + Math.floor(rand() * (DAYS - fromDay) * DAY_MS);
  const rate = ([lo, hi]: [number, number]) => lo + Math.floor(rand() * (hi - lo + 1));
  BANKING_THEMES.forEach((theme, t) => {
    for (let n = 0; n < sizes[t]!; n++) {
      const shape = rollShape(rand);
      const rating = rate(theme.ratings);
      drafts.push({ text: themedText(rand, theme, shape, rating), themes: [theme.id], shape, rating, category: theme.category, at: at(theme.fromDay) });
    }
  });
  while (drafts.length < options.count) {
    const topic = pick(rand, TAIL);
    drafts.push({ text: tailText(rand, topic), themes: [], shape: 'unthemed', rating: rate(topic.ratings), category: topic.category, at: at(0) });
  }
  drafts.sort((a, b) => a.at - b.at);

  const truth = new Map<string, number>(BANKING_THEMES.map((t) => [t.id, 0]));
  const entries: LabelledEntry[] = drafts.map((d, i) => {
    for (const id of d.themes) truth.set(id, truth.get(id)! + 1);
    const item: FeedbackItem = {
      id: uuidFrom(`banking-${options.seed}-${i}`),
      text: d.text,
      rating: d.rating,
      category: d.category,
      sentiment: mood(d.rating),
      createdAt: new Date(d.at),
    };
    return { item, themes: d.themes, shape: d.shape };
  });
  return { planted: BANKING_THEMES, entries, truth };
}
