// SPDX-License-Identifier: MPL-2.0
// Every French string of the widget (the default language). Nothing here names an incident: its title,
// introduction, pre-check, advice, not-found reasons and sources come from the signed catalog in the data set
// header (its `widget` section, docs/CATALOG.md); before the list is open, and for a catalog without that
// section, the widget uses the neutral wording below. Keys mirror web/src/i18n/en.js exactly (a unit test checks it). Written with plain spaces:
// typesetFrench puts the narrow no-break spaces before ? ! ; : and inside numbers.
import { typesetFrench, deName } from '../ui/typography.js';

export const fr = typesetFrench({
  lang: 'fr',
  title: 'Vos données figurent-elles dans la liste ?',
  intro: [
    'Ce que vous tapez ne quitte pas cet appareil.',
  ],
  loading: 'Chargement et vérification de la liste signée…',
  toolOf: (pub) => `Outil ${deName(pub)}`,
  signedHint: 'Vérifiez que cette empreinte est celle que l\'organisme qui publie la liste annonce sur son propre site : méfiez-vous des sites tiers qui prétendent détenir les données divulguées.',
  authenticTitle: 'Comment vérifier que ce site est authentique ?',
  authenticKey: (pub) => ['La liste est signée par la clé ', ` : elle doit être identique à celle que ${pub} annonce sur son propre site ou dans son courrier, sinon ne tapez rien ici.`],
  contactLabel: 'Contact :',
  contactLink: 'Contact',
  legalLink: 'Mentions légales',
  sourcesPrefix: 'Sources :',
  sourcePrefix: 'Source :',
  sourcesTitle: 'Sources',
  linkExternal: '(nouvel onglet)',
  learnMore: 'En savoir plus',
  incidentTitle: 'Ce qui s\'est passé',

  // Pre-check without identifiers (folded)
  preSummary: 'Je ne sais pas si je suis concerné(e)',
  // The question and its answers come from the catalog (widget.precheck); these are its choices.
  preChoiceYes: (op) => `Oui, ${op}`,
  preChoiceNo: 'Non',
  preChoiceUnknown: 'Je ne sais pas',
  preInsurerLabel: 'Quelle est votre complémentaire santé ?',
  preInsurerHint: (n) => `Tapez quelques lettres puis choisissez dans la liste (${n} organismes connus de cette liste).`,
  preInsurerButton: 'Voir',
  preInsurerMatch: (name, ops) => `${name} travaille avec ${ops} : vous faites peut-être partie des personnes concernées.`,
  preInsurerSeveral: (n, shown) => (n > shown
    ? `${n} organismes correspondent ; voici les ${shown} premiers. Tapez plus de lettres pour affiner, ou choisissez :`
    : `${n} organismes correspondent. Choisissez le vôtre :`),
  preInsurerNone: 'Cet organisme n\'est pas dans la liste des complémentaires de cette publication. Cela ne prouve rien : la liste peut être incomplète, et votre complémentaire peut figurer sous un autre nom.',
  preInsurerEmpty: 'Tapez le nom de votre complémentaire.',

  // The check
  formLabel: 'Vérification',
  whoLegend: 'Pour qui vérifiez-vous ?',
  whoSelf: 'Pour moi',
  whoBeneficiary: 'Pour un proche couvert par mon contrat (enfant, conjoint)',
  nirLabel: 'Votre numéro de sécurité sociale',
  nirLabelBeneficiary: 'Numéro de sécurité sociale de la personne qui a le contrat',
  nirHint: 'Sur votre carte Vitale : 13 ou 15 chiffres.',
  nirCorsica: 'Corse : 2A ou 2B.',
  dobLegend: 'Date de naissance',
  dobLegendBeneficiary: 'Date de naissance du proche',
  dobHint: 'Par exemple 17 5 1985',
  dobDay: 'Jour',
  dobMonth: 'Mois',
  dobYear: 'Année',
  rankLabel: 'Jumeaux : ordre de naissance (facultatif)',
  rankHint: 'Laissez vide, sauf pour des jumeaux : 1 pour le premier né, 2 pour le second.',
  submit: 'Vérifier',
  working: 'Calcul en cours sur cet appareil… (quelques secondes au plus)',
  progressLabel: 'Calcul en cours',
  errorSummaryTitle: (n) => (n > 1 ? `${n} points à corriger` : 'Un point à corriger'),
  checkAsBeneficiary: 'Vérifier pour un proche',
  sameCard: 'Même carte que la vérification précédente : son numéro reste en mémoire sur cette page, sans être affiché, jusqu\'à « Changer de carte ».',
  changeCard: 'Changer de carte',

  errors: {
    nir_missing: 'Saisissez votre numéro de sécurité sociale. Il figure sur votre carte Vitale et sur votre attestation de droits.',
    nir_length: 'Un numéro de sécurité sociale compte 13 ou 15 caractères. Vérifiez qu\'il n\'en manque aucun et qu\'il n\'y en a pas en trop.',
    nir_format: 'Ce numéro ne peut pas être un numéro de sécurité sociale : il ne contient que des chiffres (et 2A ou 2B pour une naissance en Corse), commence par 1 ou 2 (7 ou 8 pour un numéro provisoire), puis l\'année et le mois de naissance. Vérifiez-le sur votre carte Vitale.',
    nir_key: 'Les deux derniers chiffres ne correspondent pas au reste du numéro : un chiffre a sans doute été mal saisi. Vérifiez chaque chiffre sur votre carte Vitale.',
    dob_missing: 'Saisissez la date de naissance.',
    dob_format: 'Saisissez la date de naissance en chiffres : le jour, le mois, puis l\'année sur 4 chiffres (par exemple 17, 5, 1985).',
    dob_invalid: 'Cette date n\'existe pas (par exemple un 30 février). Vérifiez le jour et le mois.',
    dob_too_early: 'La date de naissance doit être postérieure au 1er janvier 1890.',
    dob_future: 'La date de naissance ne peut pas être dans le futur.',
    dob_nir_mismatch: ({ fromNir, typed } = {}) => `${fromNir && typed ? `Votre numéro indique une naissance en ${fromNir} ; vous avez saisi ${typed}.` : 'L\'année ou le mois de naissance ne correspond pas au numéro de sécurité sociale.'} Vérifiez-les. Vous vérifiez pour un proche couvert par votre contrat (enfant, conjoint) ? Choisissez « Vérifier pour un proche » : la date est alors celle du proche.`,
    dob_after_incident: ({ incident } = {}) => `Cette date est postérieure à la fuite${incident ? ` (${incident})` : ''} : une personne née ensuite ne peut pas figurer dans les données dérobées. Vérifiez l'année.`,
    rank_invalid: 'L\'ordre de naissance est un seul chiffre de 1 à 9. Laissez ce champ vide, sauf pour des jumeaux : 1 pour le premier né, 2 pour le second.',
  },
  warnings: {
    nir_provisional: 'Ce numéro commence par 7 ou 8 : c\'est un numéro provisoire. Si vous avez reçu depuis un numéro définitif (commençant par 1 ou 2), faites aussi la vérification avec celui-ci.',
    nir_unusual_sex: 'Ce numéro commence par 3 ou 4, ce qui est rare. Vérifiez le premier chiffre sur votre carte Vitale ; la vérification a bien été faite.',
  },

  // Results
  affectedTitle: (beneficiary) => (beneficiary
    ? 'Oui : les données de ce proche figurent dans cette fuite'
    : 'Oui : vos données figurent dans cette fuite'),
  notFoundTitle: (beneficiary, pub) => (beneficiary
    ? `Ce proche n'est pas dans la liste ${deName(pub)}`
    : `Vous n'êtes pas dans la liste ${deName(pub)}`),
  notFoundNoGuarantee: (date) => `Ce n'est pas une garantie : la liste ne contient que les personnes connues au ${date}, et une faute de frappe donne aussi ce résultat.`,
  reassureNotFound: 'Si votre complémentaire vous a écrit que vous êtes concerné(e), fiez-vous à son courrier : c\'est elle qui prévient chaque personne concernée.',
  reassureAffected: (list, by, date) => `Vos ${list} ne seraient pas concernées${by ? `, selon ${by}` : ''}${date ? ` (${date})` : ''}.`,
  personLabel: (i, n) => `Personne ${i} sur ${n}`,
  familySummary: (n, affected) => `${n} personnes vérifiées : ${affected === 0 ? 'aucune concernée' : affected === 1 ? '1 concernée' : `${affected} concernées`}`,
  whoSelfLine: 'Pour vous',
  whoBeneficiaryLine: 'Pour un proche',
  bornIn: (monthYear) => `né(e) en ${monthYear}`,
  rankLine: (rank) => `jumeaux, ordre de naissance ${rank}`,
  provenance: (pub, v, date) => `Liste ${deName(pub)} du ${date}.`,
  exposedTitle: 'Ce qui a été exposé',
  exposedLine: 'Données exposées :',
  actionsTitle: 'À faire maintenant',
  notExposedTitle: 'Ce qui n\'aurait pas été exposé',
  notExposedIntro: (by, date) => (by && date
    ? `Selon la première évaluation ${deName(by)} (${date}), ces données ne seraient pas concernées :`
    : 'Selon les premières évaluations, ces données ne seraient pas concernées :'),
  viaOperator: (op) => `Par l'intermédiaire ${deName(op)}`,
  moreAdviceTitle: 'Autres conseils',
  noInsurerTitle: 'Pourquoi le nom de votre complémentaire n\'est-il pas affiché ?',
  noInsurerText: 'Volontairement, la liste publiée ne dit pas quelle complémentaire correspond à quelle personne : quelqu\'un qui testerait des numéros volés ne l\'apprendrait pas. Votre complémentaire vous écrit directement ; son nom figure sur votre carte de mutuelle.',
  notFoundMeans: 'Ce que cela veut dire : ces informations ne figurent pas dans cette liste, telle qu\'elle a été publiée à cette date.',
  notFoundNotMeans: 'Ce que cela ne veut pas dire : cela ne prouve pas que vos données n\'ont pas été exposées.',
  notFoundOperators: (ops) => `Opérateurs couverts par cette liste : ${ops}.`,
  integrityTitle: 'Cette page n\'est peut-être pas authentique',
  integrityText: 'La liste de cette page n\'a pas passé le contrôle de sécurité : elle a pu être modifiée. Aucun résultat n\'est affiché. Ne tapez plus votre numéro ici. Appelez votre complémentaire au numéro inscrit sur votre carte.',
  unavailableTitle: 'La vérification n\'a pas pu se faire',
  unavailableText: 'La liste est injoignable pour le moment, ou le calcul a échoué sur cet appareil. Ce n\'est pas un résultat. Ce que vous avez saisi est conservé : réessayez.',
  loadUnavailableTitle: 'La liste n\'est pas disponible pour le moment',
  loadUnavailableText: 'La liste des personnes concernées ne peut pas être chargée (réseau, panne ou maintenance). Vous n\'avez rien saisi, et rien n\'a été envoyé. Réessayez dans un moment.',
  errorCode: (code) => `(code à indiquer : ${code})`,
  supportTitle: 'Pour l\'assistance technique',
  retry: 'Réessayer',
  again: 'Faire une autre vérification',
  checkFamily: 'Vérifier un autre membre de la famille (même carte)',
  wiped: 'Les champs ont été vidés ; rien n\'est enregistré.',
  resultDetails: 'Détails de ce résultat',
  verdictsLabel: 'Vos résultats',
  fallbackAdviceTitle: 'En attendant, protégez-vous',
  // Shown when no list could be opened (so no signed advice): true of any leak, and naming none.
  fallbackAdvice: [
    'Un appel, un SMS ou un e-mail inattendu vous demande un code, un mot de passe ou vos coordonnées bancaires : ne répondez pas, et rappelez l\'organisme au numéro que vous connaissez déjà.',
    'Un numéro de sécurité sociale ne peut pas être changé : restez méfiant(e) pendant des années.',
    'Si vous avez donné vos coordonnées bancaires ou un code : appelez votre banque et faites opposition sur votre carte.',
  ],
  weakKdf: (kib) => `Liste de démonstration : le calcul de protection est volontairement affaibli (${kib} Kio au lieu de 64 Mio) pour qu'elle se construise en quelques secondes. Ne l'utilisez jamais avec des données réelles.`,

  // How it works
  aboutSummary: 'Comment ça marche ? Rien de ce que vous saisissez ne quitte cet appareil',
  about: [
    'Votre numéro et votre date de naissance sont transformés sur cet appareil par une fonction de hachage volontairement lente (Argon2id). Seul le résultat sert à chercher dans la liste.',
    (bits, n) => `La page télécharge un seul morceau de la liste, choisi par les ${bits} premiers bits de ce résultat, parmi ${n}. Le serveur qui héberge la liste voit quel morceau est demandé, jamais ce que vous avez tapé.`,
    'Ce que vous tapez n\'est ni envoyé, ni enregistré (pas de cookie, pas de stockage) ; les champs sont vidés après chaque vérification.',
    'La liste est signée par l\'organisme qui la publie : toute modification est détectée, et la page affiche alors une erreur plutôt qu\'un faux résultat.',
  ],
  // Listes statiques seulement : qui détient le fichier peut tester des hypothèses hors ligne.
  aboutStatic: [
    'Les limites, honnêtement : le hachage lent empêche de tester des millions de numéros, mais pas de tester une personne précise. Quelqu\'un qui connaît votre date de naissance, votre sexe et votre lieu de naissance n\'a qu\'environ 1 000 numéros à essayer. Seul un serveur détenant une clé secrète pourrait l\'empêcher.',
    'C\'est pourquoi la liste ne dit pas quelle complémentaire correspond à quelle personne.',
  ],
  aboutEnd: [
    'Une liste hachée reste une donnée personnelle (pseudonymisée, pas anonyme) : seul le responsable du traitement devrait la publier. Vérifiez qui l\'a signée.',
  ],
  // Une erreur dans les réglages de la page elle-même (ni la liste, ni la personne) : aucune liste chargée, aucune vérification.
  configTitle: 'Cette page est mal configurée',
  // L'élément n'a reçu aucune liste (son attribut src).
  sourceMissing: 'Cette page n\'indique pas quelle liste consulter (l\'attribut src de <breach-check> manque) : aucune vérification n\'est possible. Signalez-le à l\'éditeur de cette page.',
  configProblems: {
    min_version_invalid: 'La version minimale de la liste demandée par cette page (min-version) n\'est pas un nombre entier valide : la page ne peut donc pas distinguer une liste périmée de la liste à jour. Par sécurité, aucune vérification n\'est faite. Signalez-le au responsable de cette page.',
  },

  // The verdict flow: quick fixes and retries that never submit, short error-summary links, page title.
  beneficiaryModeNote: 'Pour un proche couvert par votre contrat (enfant, conjoint) : tapez le numéro de l\'assuré, celui de la carte, et la date de naissance de ce proche. Puis « Vérifier ».',
  retryTitle: 'Vous pouvez vérifier de nouveau :',
  retryDate: 'En corrigeant la date de naissance',
  retryAsBeneficiary: 'Pour un proche couvert par votre contrat : avec le numéro de l\'assuré et la date de ce proche',
  retryHolderNumber: 'Avec le numéro de l\'assuré, celui de la carte, et la date de ce proche',
  retryTwins: 'Jumeaux : en indiquant l\'ordre de naissance',
  errorTitle: (title) => `Erreur : ${title}`,
  errorLinks: {
    nir_missing: 'Saisir le numéro de sécurité sociale',
    nir_length: 'Numéro de sécurité sociale : nombre de chiffres',
    nir_format: 'Numéro de sécurité sociale : chiffres',
    nir_key: 'Numéro de sécurité sociale : un chiffre faux',
    dob_missing: 'Saisir la date de naissance',
    dob_format: 'Date de naissance : en chiffres',
    dob_invalid: 'Date de naissance : cette date n\'existe pas',
    dob_too_early: 'Date de naissance : avant 1890',
    dob_future: 'Date de naissance : dans le futur',
    dob_nir_mismatch: 'Date de naissance : différente du numéro',
    dob_after_incident: 'Date de naissance : après la fuite',
    rank_invalid: 'Jumeaux : ordre de naissance, de 1 à 9',
  },
});
