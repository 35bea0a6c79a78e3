var $,Ue,Nt,F,ye,ae,je,ne,We,we,ke,Ft,Q=Symbol.for("pv"),se={},ie=[],Ot=/^m(i|n|o|s|text|space)$/,xe=Array.isArray,Se=ie.slice,j=Object.assign;function U(e){e&&e.parentNode&&e.remove()}function Be(e,t,n){var o,a,r,s={},l=arguments.length;for(r in t)r=="key"?o=t[r]:r=="ref"&&typeof e!="function"?a=t[r]:s[r]=t[r];return l>2&&(s.children=l>3?Se.call(arguments,2):n),z(e,s,o,a,null)}function z(e,t,n,o,a){var r={type:e,props:t,key:n,ref:o,__k:null,__:null,__b:0,__e:null,__c:null,constructor:Q,__v:a||++Ue,__i:-1,__u:0};return!a&&$.vnode&&$.vnode(r),r}function le(e){return e.children}function oe(e,t){this.props=e,this.context=t,this.__g=0}function O(e,t){if(t==null)return e.__&&O(e.__,e.__i+1);for(var n;t<e.__k.length;t++)if((n=e.__k[t])&&n.__e)return n.__e;return typeof e.type!="function"||e.props.__P?null:O(e)}function Dt(e){var t,n=e.__v,o=n.__e,a=[],r=[],s=e.__P;s&&((t=j({constructor:Q},n)).__v=n.__v+1,$.vnode&&$.vnode(t),Ce(s,t,n,e.__n,s.namespaceURI,32&n.__u?[o]:null,a,o||O(n),32&n.__u,r),t.__v=n.__v,t.__.__k[t.__i]=t,Qe(a,t,r),n.__=n.__e=null,t.__e!=o&&qe(t))}function qe(e){if((e=e.__)&&e.__c&&!e.props.__P)return e.__e=null,e.__k.some(function(t){return t&&(e.__e=t.__e)}),qe(e)}function Me(e){(8&e.__g||(e.__g|=8,F.push(e),ae++))&&ye==$.debounceRendering||((ye=$.debounceRendering)||queueMicrotask)(Ve)}function Ve(){try{for(var e,t=1;F.length;)F.length>t&&F.sort(je),e=F.shift(),t=F.length,8&e.__g&&Dt(e)}finally{(ae=F.length)&&(ye||queueMicrotask)(Ve)}}function Ke(e,t,n,o,a,r,s,l,_,h,u){var v,p,c,m,y,b,g=o.__k||ie,f=t.length;for(_=Ht(n,t,g,_,f),v=0;v<f;v++)(c=n.__k[v])!=null&&(p=~c.__i&&g[c.__i]||se,c.__i=v,b=Ce(e,c,p,a,r,s,l,_,h,u),m=c.__e,(p.ref!=c.ref||8&p.__u)&&(p.ref&&Te(p.ref,null,c,p),c.ref&&u.push(c.ref,c.__c||m,c)),y=y||m,4&c.__u?(_=Ge(c,_,e,!p.__v),p.__e&&(p.__e=null)):typeof c.type=="function"&&b!==void 0?_=b:m&&(_=m.nextSibling),c.__u&=-21);return n.__e=y,_}function Ht(e,t,n,o,a){var r,s,l,_,h,u,v,p,c,m=n.length,y=m,b=0,g=0,f=e.__k=Array(a);for(r=0;r<a;r++)(s=t[r])!=null&&typeof s!="boolean"&&typeof s!="function"?(typeof s!="object"||s.constructor===String?s=f[r]=z(null,s):xe(s)?s=f[r]=z(le,{children:s}):s.constructor===Q&&s.__b?s=f[r]=z(s.type,s.props,s.key,s.ref,s.__v):f[r]=s,_=r+b,s.__=e,s.__b=e.__b+1,l=null,~(h=s.__i=Mt(s,n,_,y))&&(y--,(l=n[h])&&(l.__u|=2)),l&&l.__v?(s.__u|=16,h==_-1?b--:h==_+1?b++:h!=_&&(h>_?b--:b++,g=1)):(~h||(a>m?b--:a<m&&b++),typeof s.type!="function"&&(s.__u|=4))):f[r]=null;if(g){for(u=[],v=[],r=0;r<a;r++)if((s=f[r])&&16&s.__u){for(b=0,p=u.length;b<p;)u[c=b+p>>1]<s.__i?b=c+1:p=c;u[b]=s.__i,v[r]=b+1}for(b=u.length;r--;)v[r]&&(v[r]==b?b--:f[r].__u|=4)}if(y)for(r=0;r<m;r++)!(l=n[r])||2&l.__u||(l.__e==o&&(o=O(l)),Le(l,l));return o}function Ge(e,t,n,o){var a,r,s,l;if(typeof e.type=="function"){if(e.props.__P)return t;if(a=e.__k)for(r=0;r<a.length;r++)a[r]&&(a[r].__=e,t=Ge(a[r],t,n,!1));return t}for(t&&!t.parentNode&&(t=O(e))&&!t.parentNode&&(t=null),s=e.__e,l=t;l&&l.nodeType==8;)l=l.nextSibling;for(s!=l&&(!o&&n.moveBefore&&s.parentNode?n.moveBefore(s,t):n.insertBefore(s,t||null)),t=s;(t=t&&t.nextSibling)&&t.nodeType==8&&!t.data.startsWith("$s"););return t}function Mt(e,t,n,o){var a,r=e.key,s=e.type,l=t[n],_=l&&!(2&l.__u);if(l===null&&r==null||_&&r==l.key&&s==l.type)return n;if(o>(_?1:0)){for(a=n-1;a>=0;a--)if((l=t[a])&&!(2&l.__u)&&r==l.key&&s==l.type)return a;for(a=n+1;a<t.length;a++)if((l=t[a])&&!(2&l.__u)&&r==l.key&&s==l.type)return a}return-1}function Re(e,t,n){n==null&&(n=""),t[0]=="-"?e.setProperty(t,n):e[t]=n}function te(e,t,n,o,a){var r,s;if(t=="style")if(typeof n=="string")e.style.cssText=n;else{if(typeof o=="string"&&(e.style.cssText=o=""),o)for(t in o)n&&t in n||Re(e.style,t);if(n)for(t in n)o&&n[t]==o[t]||Re(e.style,t,n[t])}else if(t[0]=="o"&&t[1]=="n")typeof n!="function"&&(n=null),typeof o!="function"&&(o=null),(e.__e||(e.__e={}))[t]=n,n&&o||(s=ke[t]||(ke[t]=Rt(t)),(e.__a||(e.__a={}))[t]=we,r=t!=(t=t.replace(We,"$1")),(t=t.slice(2))[0]<"a"&&(t=t.toLowerCase()),n?e.addEventListener(t,s,r):e.removeEventListener(t,s,r));else{if(a=="http://www.w3.org/2000/svg")t=t.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(t!="width"&&t!="height"&&t!="href"&&t!="list"&&t!="form"&&t!="tabIndex"&&t!="download"&&t!="rowSpan"&&t!="colSpan"&&t!="role"&&t!="popover"&&t in e)try{return void(e[t]=n??"")}catch{}if(typeof n=="function")return;n==null||n===!1&&t[4]!="-"?e.removeAttribute(t):e.setAttribute(t,t=="popover"&&n==1?"":n)}}function Rt(e){return function(t){var n=this.__e;if(n){if(n=n[e],t[ne]==null)t[ne]=we++;else if(t[ne]<this.__a[e])return;return n($.event?$.event(t):t)}}}function Ce(e,t,n,o,a,r,s,l,_,h){var u,v,p,c,m,y,b,g,f,C,k,$e,De,ee,M,He,N,R,A=t.type;if(t.constructor!==Q)return null;128&n.__u&&(_=32&n.__u,u=n.__c.__z)&&(t.__u|=_,v=r=[],u.nodeType==8?l=re(u,r):r.push(u),l=r[0]||l),(u=$.__b)&&u(t);e:if(typeof A=="function"){p=s.length;try{if(g=t.props,f=(u=A.prototype)&&u.render,C=(u=A.contextType)&&o[u.__c],k=u?C?C.props.value:u.__:o,(c=n.__c)?(t.__c=c,2&c.__g&&(c.__g|=1)):(f?t.__c=c=new A(g,k):(t.__c=c=new oe(g,k),c.constructor=A,c.render=jt),C&&C.sub(c),c.state||(c.state={}),c.__n=o,c.__g|=8,c.__h=[],c.__k=[]),f&&(c.__s||(c.__s=c.state),A.getDerivedStateFromProps&&(c.__s==c.state&&(c.__s=j({},c.__s)),j(c.__s,A.getDerivedStateFromProps(g,c.__s)))),m=c.props,y=c.state,c.__v=t,n.__c){if(g!==m&&f&&!A.getDerivedStateFromProps&&c.componentWillReceiveProps&&c.componentWillReceiveProps(g,k),t.__v==n.__v&&!(8&c.__g)||!(4&c.__g)&&c.shouldComponentUpdate&&c.shouldComponentUpdate(g,c.__s,k)===!1){t.__v!=n.__v&&(c.props=g,c.state=c.__s,c.__g&=-9),t.__e=n.__e,t.__k=n.__k,t.__k.some(function(L){L&&(L.__=t)}),ie.push.apply(c.__h,c.__k),c.__k=[],c.__h.length&&s.push(c),l=O(n);break e}c.componentWillUpdate&&c.componentWillUpdate(g,c.__s,k),f&&c.componentDidUpdate&&c.__h.push(function(){c.componentDidUpdate(m,y,b)})}else f&&!A.getDerivedStateFromProps&&c.componentWillMount&&c.componentWillMount(),f&&c.componentDidMount&&c.__h.push(c.componentDidMount);c.context=k,c.props=g,c.__P=e,c.__g&=-5,$e=$.__r,De=f?25:0;do c.__g&=-9,$e&&$e(t),u=c.render(c.props,c.state=c.__s,c.context);while(8&c.__g&&++De<25);f&&(ie.push.apply(c.__h,c.__k),c.__k=[]),c.state=c.__s,c.getChildContext&&(o=j({},o,c.getChildContext())),f&&n.__c&&c.getSnapshotBeforeUpdate&&(b=c.getSnapshotBeforeUpdate(m,y)),ee=u&&u.type===le&&u.key==null?u.props.children:u,g.__P&&(u=l,a=(e=g.__P).namespaceURI,_=r=null,n.props&&n.props.__P!=e&&(n.__k.some(function(L){L&&Le(L,L)}),n.__k=null),l=n.__k?O(n,0):null),l=Ke(e,xe(ee)?ee:[ee],t,n,o,a,r,s,l,_,h),g.__P&&(t.__e=null,l=u),t.__u&=-161,v&&v.some(U),c.__h.length&&s.push(c),1&c.__g&&(c.__g&=-4)}catch(L){if(s.length=p,t.__v=null,_||r)if(L&&L.then){if(t.__u|=128|_,r){for(~(N=r.indexOf(l||void 0))||(N=r.length);(R=r[N-1])&&R.nodeType==8;)N--;for(;N<r.length;N++)if(R=r[N])if(r[N]=null,M){if(R==He)break}else{if(R.nodeType!=8)break;R.data.startsWith("$s")&&(He=re(M=R))}}if(!M){for(;l&&l.nodeType==8&&l.nextSibling;)l=l.nextSibling;M=l}(u=re(M=t.__c.__z||(t.__c.__z=M)))?(t.__e=M,l=u):t.__e=l,l=l&&l.nextSibling}else r&&r.some(U);else t.__e=n.__e;t.__k||(t.__k=n.__k||[]),L&&L.then||ze(t),$.__e(L,t,n)}}else l=t.__e=Ut(n.__e,t,n,o,a,r,s,_,h,e);return(u=$.diffed)&&u(t),l}function re(e,t){if(e&&e.nodeType==8&&e.data.startsWith("$s"))for(var n=1;e=e.nextSibling;){if(e.nodeType==8){if(e.data.startsWith("$s"))n++;else if(e.data.startsWith("/$s")&&!--n)return e}t&&t.push(e)}}function ze(e){e&&(e.__c&&(e.__c.__g|=4),e.__k&&e.__k.some(ze))}function Qe(e,t,n){for(var o=0;o<n.length;)Te(n[o++],n[o++],n[o++]);$.__c&&$.__c(t,e),e.some(function(a){try{e=a.__h,a.__h=[],e.some(function(r){r.call(a)})}catch(r){$.__e(r,a.__v)}})}function Ut(e,t,n,o,a,r,s,l,_,h){var u,v,p,c,m,y,b,g,f=n.props||se,C=t.props,k=t.type;if(k=="svg"?a="http://www.w3.org/2000/svg":k=="math"?a="http://www.w3.org/1998/Math/MathML":a||(a="http://www.w3.org/1999/xhtml"),r){for(u=0;u<r.length;u++)if((m=r[u])&&(k?m.localName==k:m.nodeType==3)){e=m,r[u]=null;break}}if(!e){if(g=h.ownerDocument||document,!k)return g.createTextNode(C);e=g.createElementNS(a,k,C.is?C:h),l&&($.__m&&$.__m(t,r),l=!1),r=null}if(k){if(h=k=="template"&&e.content||e,r=k=="textarea"&&C.defaultValue!=null?null:r&&Se.call(h.childNodes),!l&&r)for(f={},u=0;u<e.attributes.length;u++)f[(m=e.attributes[u]).name]=m.value;for(u in f)m=f[u],u=="dangerouslySetInnerHTML"?p=m:u=="children"||u in C||u=="value"&&"defaultValue"in C||u=="checked"&&"defaultChecked"in C||te(e,u,null,m,a);for(u in C)m=C[u],u=="children"?c=m:u=="dangerouslySetInnerHTML"?v=m:u=="value"?y=m:u=="checked"?b=m:l&&typeof m!="function"||f[u]===m||te(e,u,m,f[u],a);v?(l||p&&(v.__html==p.__html||v.__html==e.innerHTML)||(e.innerHTML=v.__html),t.__k=[]):(p&&(e.textContent=""),(k=="foreignObject"||a=="http://www.w3.org/1998/Math/MathML"&&Ot.test(k))&&(a="http://www.w3.org/1999/xhtml"),Ke(h,xe(c)?c:[c],t,n,o,a,r,s,r?r[0]:n.__k&&O(n,0),l,_),r&&r.some(U)),l&&k!="textarea"||(u="value",k=="progress"&&y==null?e.removeAttribute(u):y==null||y===e[u]&&(k!="progress"||y)||te(e,u,y,f[u],a),u="checked",b!=null&&b!=e[u]&&te(e,u,b,f[u],a))}else f===C||l&&e.data==C||(e.data=C);return e}function Te(e,t,n,o){try{typeof e=="function"?t?t.__x=e(t)||1:o&&(o=o.__c||o.__e)&&(t=o.__x)&&(o.__x=null,typeof t=="function"?t():e(null)):e.current=t}catch(a){$.__e(a,n)}}function Le(e,t,n){var o,a,r,s;if($.unmount&&$.unmount(e),!(o=e.ref)||o.current&&o.current!=e.__e||Te(o,null,t,e),o=e.__c){if(o.componentWillUnmount)try{o.componentWillUnmount()}catch(l){$.__e(l,t)}o.__P=o.__n=null}if(o=e.__k)for(s=0;s<o.length;s++)o[s]&&Le(o[s],t,typeof e.type!="function"||n&&!e.props.__P);!n&&(o=e.__c)&&(o=o.__z)&&(a=re(o,r=[]))&&(o==e.__e&&r.some(U),U(a),U(o)),n||U(e.__e),e.__e=e.__c=e.__=null}function jt(e,t,n){return this.constructor(e,n)}function Ye(e,t){var n,o,a,r;$.__&&$.__(e,t),t.nodeType==9&&(t=t.documentElement),o=(n=e&&32&e.__u)?null:t.__k,t.__k=z(le,{children:[e]}),a=[],r=[],Ce(t,t.__k,o||se,se,t.namespaceURI,o?null:t.firstChild?Se.call(t.childNodes):null,a,o?o.__e:t.firstChild,n,r),Qe(a,t.__k,r),t.__k.props.children=null}$={__e:function(e,t,n,o){for(var a,r,s;t=t.__;)if((a=t.__c)&&!(1&a.__g)){a.__g|=4;try{if((s=(r=a.constructor)&&r.getDerivedStateFromError)&&a.setState(r.getDerivedStateFromError(e)),a.componentDidCatch&&(a.componentDidCatch(e,o||{}),s=1),s&&8&a.__g)return void(a.__g|=2)}catch(l){e=l}}throw ae=0,e}},Ue=0,Nt=function(e){return e!=null&&e.constructor===Q},oe.prototype.setState=function(e,t){var n=this.__s;n&&n!=this.state||(n=this.__s=j({},this.state)),typeof e=="function"&&(e=e(j({},n),this.props)),e&&(j(n,e),this.__v&&(t&&this.__k.push(t),Me(this)))},oe.prototype.forceUpdate=function(e){this.__v&&(this.__g|=4,e&&this.__h.push(e),Me(this))},oe.prototype.render=le,F=[],ae=0,je=function(e,t){return e.__v.__b-t.__v.__b},ne=Symbol(),We=/(PointerCapture)$|Capture$/i,we=0,ke={},Ft=0;var ce,S,Pe,Je,Ae=Object.is,Ee=0,st=[],Ie=[],w=$,Xe=w.__b,Ze=w.__r,et=w.diffed,tt=w.__c,nt=w.unmount,ot=w.__;function it(e,t){w.__h&&w.__h(S,e,Ee||t),Ee=0;var n=S.__H||(S.__H={__:[],__h:[]});return e>=n.__.length&&n.__.push({}),n.__[e]}function x(e){return Ee=1,Wt(lt,e)}function Wt(e,t,n){var o=it(ce++,2);if(o.t=e,!o.__c&&(o.__=[n?n(t):lt(void 0,t),function(r){var s=(o.__N||o.__)[0],l=o.t(s,r);Ae(s,l)||(o.__N=[l,o.__[1]],o.__c.setState({}))}],o.__c=S,!S.__f)){S.__f=!0;var a=S.shouldComponentUpdate;S.shouldComponentUpdate=function(r,s,l){var _=this.__H;if(!_)return!0;var h=!1,u=this.props!=r;if(_.__.some(function(p){p.__N&&(h=!0,Ae(p.__[0],p.__N[0])||(u=!0))}),a){var v=a.call(this,r,s,l);return h?v||u:v}return!h||u}}return o.__}function q(e,t){var n=it(ce++,3);!w.__s&&Vt(n.__H,t)&&(n.__P=!0,n.__=e,n.u=t,S.__H.__h.push(n))}function Bt(){var e;do{for(;e=Ie.shift();)try{Y(e)}catch(n){w.__e(n,{__:(e=e.__P)&&e.__v})}for(;e=st.shift();){var t=e.__H;if(e.__P&&t)try{t.__h.some(Y),t.__h.some(Ne),t.__h=[]}catch(n){t.__h=[],w.__e(n,e.__v)}}}while(Ie.length)}w.__b=function(e){S=null,Xe&&Xe(e)},w.__=function(e,t){e&&t.__k&&t.__k.__m&&(e.__m=t.__k.__m),ot&&ot(e,t)},w.__r=function(e){Ze&&Ze(e),ce=0;var t=(S=e.__c).__H;t&&(Pe==S?S.__h=[]:(t.__h.some(Y),t.__h.some(Ne),ce=0),t.__h=[],t.__.some(function(n){n.__N&&(n.__=n.__N),n.u=n.__N=void 0})),Pe=S},w.diffed=function(e){et&&et(e);var t=e.__c;t&&t.__H&&(t.__H.__h.length&&at(st.push(t)),t.__H.__.some(function(n){n.u&&(n.__H=n.u)})),Pe=S=null},w.__c=function(e,t){t.some(function(n){try{n.__h.some(Y),n.__h=n.__h.filter(function(o){return!o.__||Ne(o)})}catch(o){n.__h=[function(){throw o}]}}),tt&&tt(e,t)},w.unmount=function(e){nt&&nt(e);var t,n,o=e.__c;o&&o.__H&&(o.__H.__.some(function(a){try{if(a.__P&&a.__c){if(n===void 0){for(n=e.__;n&&(!n.__c||!n.__c.__P);)n=n.__;n=n&&n.__c}a.__P=n,at(Ie.push(a))}else Y(a)}catch(r){t=r}}),o.__H=void 0,t&&w.__e(t,o.__v))};var rt=typeof requestAnimationFrame=="function";function qt(e){var t,n=function(){clearTimeout(o),rt&&cancelAnimationFrame(t),setTimeout(e)},o=setTimeout(n,35);rt&&(t=requestAnimationFrame(n))}function at(e){e!=1&&Je==w.requestAnimationFrame||((Je=w.requestAnimationFrame)||qt)(Bt)}function Y(e){var t=S,n=e.__c;typeof n=="function"&&(e.__c=void 0,n()),S=t}function Ne(e){var t=S;e.__c=e.__(),S=t}function Vt(e,t){return!e||e.length!=t.length||t.some(function(n,o){return!Ae(n,e[o])})}function lt(e,t){return typeof t=="function"?t(e):t}var ct={"app.name":"klar","app.tagline":"Helseberedskap","app.skip":"Hopp til hovedinnholdet","app.loading":"Laster \u2026","app.language":"Spr\xE5k","app.language.switch":"English","app.language.switch.label":"Switch to English","nav.label":"Hovedmeny","nav.dashboard":"Oversikt","nav.account":"Min konto","nav.accessibility":"Tilgjengelighet","nav.logout":"Logg ut","nav.signed_in_as":"Innlogget som {name} ({role}, {org})","role.viewer":"leser","role.contributor":"bidragsyter","role.planner":"planlegger","role.admin":"administrator","login.title":"Logg inn","login.intro":"Logg inn med brukernavnet og passordet du har f\xE5tt av administratoren i din virksomhet.","login.username":"Brukernavn","login.password":"Passord","login.submit":"Logg inn","login.busy":"Logger inn \u2026","login.expired":"\xD8kten din er utl\xF8pt. Logg inn igjen \u2013 det du skrev, er tatt vare p\xE5.","login.logged_out":"Du er logget ut.","account.title":"Min konto","account.user":"Bruker","account.organisation":"Virksomhet","account.role":"Rolle","account.session_ends":"\xD8kten varer til","account.password.title":"Bytt passord","account.password.old":"N\xE5v\xE6rende passord","account.password.new":"Nytt passord","account.password.repeat":"Gjenta nytt passord","account.password.mismatch":"De to nye passordene er ikke like.","account.password.submit":"Bytt passord","account.password.saved":"Passordet er byttet.","account.sessions.title":"Innlogginger","account.sessions.intro":"Logg ut overalt der du er innlogget, ogs\xE5 p\xE5 andre maskiner.","account.sessions.submit":"Logg ut overalt","dashboard.title":"Oversikt","dashboard.within":"Virksomhet","dashboard.within.help":"Tallene gjelder valgt virksomhet og alle under den.","dashboard.updated":"Hentet {time}","dashboard.matrix.title":"Risiko- og s\xE5rbarhetsanalyser (ROS)","dashboard.matrix.caption":"Antall risikoer etter sannsynlighet (rader, 5 h\xF8yest) og konsekvens (kolonner)","dashboard.matrix.probability":"Sannsynlighet","dashboard.matrix.consequence":"Konsekvens","dashboard.matrix.total":"{count} risikoer i alt","dashboard.matrix.ros_old":"Helhetlig ROS er eldre enn fire \xE5r eller mangler.","dashboard.matrix.ros_ok":"Helhetlig ROS er vurdert {date}.","dashboard.overdue.title":"P\xE5 overtid","dashboard.overdue.plans":"Planer som skulle v\xE6rt revidert","dashboard.overdue.points":"L\xE6ringspunkter som skulle v\xE6rt lukket","dashboard.overdue.none":"Ingenting p\xE5 overtid.","dashboard.overdue.due":"frist {date}","dashboard.stocks.title":"Lagre under seks m\xE5neders normalforbruk","dashboard.stocks.item":"Vare","dashboard.stocks.cover":"Dekning","dashboard.stocks.shortfall":"Mangler","dashboard.stocks.institutions":"Virksomheter under m\xE5let (antall)","dashboard.stocks.none":"Alle registrerte lagre dekker seks m\xE5neder.","dashboard.stocks.source":"M\xE5l: {value} m\xE5neder ({source})","dashboard.capacity.title":"Sengekapasitet","dashboard.capacity.category":"Kategori","dashboard.capacity.staffed":"Bemannet normalt","dashboard.capacity.surge":"Ved opptrapping","dashboard.capacity.physical":"Fysiske","dashboard.capacity.none":"Ingen kapasitet registrert.","dashboard.reserves.title":"Personellreserver","dashboard.reserves.profession":"Yrke","dashboard.reserves.total":"I alt","dashboard.reserves.available":"Tilgjengelig innen 24 t","dashboard.reserves.conflict":"Ogs\xE5 disponert av Forsvaret","dashboard.reserves.overdue":"M\xE5 bekreftes","dashboard.reserves.none":"Ingen reserver registrert.","dashboard.situation.title":"Situasjonsrapporter {date}","dashboard.situation.received":"{count} rapporter mottatt","dashboard.situation.worst":"Verste status: {status}","dashboard.situation.aspect":"Omr\xE5de","dashboard.situation.none":"Ingen rapporter i dag.","dashboard.error":"Kunne ikke hente {what}: {message}","category.ward":"Sengepost","category.intermediate":"Intermedi\xE6r","category.icu":"Intensiv","status.normal":"normal","status.strained":"anstrengt","status.critical":"kritisk","aspect.status":"Samlet","aspect.capacity_status":"Kapasitet","aspect.staff_status":"Personell","aspect.stock_status":"Lager","profession.nurse":"Sykepleier","profession.icu-nurse":"Intensivsykepleier","profession.physician":"Lege","profession.bioengineer":"Bioingeni\xF8r","profession.medical-technical-engineer":"Medisinsk-teknisk ingeni\xF8r","profession.ict-engineer":"IKT-ingeni\xF8r","profession.other":"Annet","dashboard.situation.caption":"Antall rapporter etter status","profession.specialist-nurse":"Spesialsykepleier","profession.radiographer":"Radiograf","profession.pharmacist":"Farmas\xF8yt","profession.paramedic":"Paramedisiner","profession.health-worker":"Helsefagarbeider","unit.pieces":"stk.","unit.pairs":"par","unit.doses":"doser","unit.packs":"pakninger","unit.beds":"senger","unit.persons":"personer","unit.months":"m\xE5neder","unit.risks":"risikoer","unit.reports":"rapporter","unit.institutions":"virksomheter","a11y.title":"Tilgjengelighetserkl\xE6ring","a11y.draft":"Utkast. Erkl\xE6ringen skal fylles ut og publiseres av virksomheten som tar klar i bruk.","a11y.intro":"klar skal v\xE6re universelt utformet og oppfylle kravene i WCAG 2.1 p\xE5 niv\xE5 AA, som offentlige virksomheter i Norge er p\xE5lagt \xE5 f\xF8lge.","a11y.tested.title":"Slik testes l\xF8sningen","a11y.tested.axe":"Hver skjerm kontrolleres automatisk med axe-core mot reglene for WCAG 2.0 og 2.1, niv\xE5 A og AA, i en ekte nettleser.","a11y.tested.keyboard":"Hovedoppgavene testes med bare tastatur.","a11y.tested.reflow":"Sidene testes i 320 piksler bredde.","a11y.tested.tables":"Alle diagrammer har en tabell med de samme tallene.","a11y.known.title":"Kjente mangler","a11y.known.text":"Flere skjermer er under arbeid. Automatiske tester finner ikke alle problemer; manuell testing med skjermleser gjenst\xE5r.","a11y.contact.title":"Meld fra","a11y.contact.text":"Finner du noe som ikke fungerer, meld fra til virksomheten som driver l\xF8sningen. Du kan ogs\xE5 klage til Tilsynet for universell utforming av ikt (Digitaliseringsdirektoratet).","notfound.title":"Fant ikke siden","notfound.text":"Adressen {path} finnes ikke i klar.","notfound.home":"Til oversikten","error.network":"F\xE5r ikke kontakt med serveren. Sjekk nettverket og pr\xF8v igjen.","error.field":"Feil i skjemaet:","form.required":"m\xE5 fylles ut","form.saving":"Lagrer \u2026","form.saved":"Lagret"};var ut={"app.name":"klar","app.tagline":"Health preparedness","app.skip":"Skip to main content","app.loading":"Loading \u2026","app.language":"Language","app.language.switch":"Norsk","app.language.switch.label":"Bytt til norsk","nav.label":"Main menu","nav.dashboard":"Overview","nav.account":"My account","nav.accessibility":"Accessibility","nav.logout":"Log out","nav.signed_in_as":"Signed in as {name} ({role}, {org})","role.viewer":"viewer","role.contributor":"contributor","role.planner":"planner","role.admin":"administrator","login.title":"Log in","login.intro":"Log in with the user name and password the administrator of your organisation gave you.","login.username":"User name","login.password":"Password","login.submit":"Log in","login.busy":"Logging in \u2026","login.expired":"Your session has ended. Log in again \u2013 what you typed has been kept.","login.logged_out":"You are logged out.","account.title":"My account","account.user":"User","account.organisation":"Organisation","account.role":"Role","account.session_ends":"Session lasts until","account.password.title":"Change password","account.password.old":"Current password","account.password.new":"New password","account.password.repeat":"Repeat new password","account.password.mismatch":"The two new passwords differ.","account.password.submit":"Change password","account.password.saved":"The password has been changed.","account.sessions.title":"Logins","account.sessions.intro":"Log out everywhere you are logged in, other machines included.","account.sessions.submit":"Log out everywhere","dashboard.title":"Overview","dashboard.within":"Organisation","dashboard.within.help":"The figures are for the chosen organisation and all below it.","dashboard.updated":"Fetched {time}","dashboard.matrix.title":"Risk and vulnerability analyses (ROS)","dashboard.matrix.caption":"Number of risks by probability (rows, 5 highest) and consequence (columns)","dashboard.matrix.probability":"Probability","dashboard.matrix.consequence":"Consequence","dashboard.matrix.total":"{count} risks in all","dashboard.matrix.ros_old":"The comprehensive ROS is older than four years or missing.","dashboard.matrix.ros_ok":"The comprehensive ROS was assessed {date}.","dashboard.overdue.title":"Overdue","dashboard.overdue.plans":"Plans due for revision","dashboard.overdue.points":"Learning points due to be closed","dashboard.overdue.none":"Nothing overdue.","dashboard.overdue.due":"due {date}","dashboard.stocks.title":"Stocks below six months of normal consumption","dashboard.stocks.item":"Item","dashboard.stocks.cover":"Cover","dashboard.stocks.shortfall":"Short by","dashboard.stocks.institutions":"Institutions below the target (number)","dashboard.stocks.none":"Every stock recorded covers six months.","dashboard.stocks.source":"Target: {value} months ({source})","dashboard.capacity.title":"Bed capacity","dashboard.capacity.category":"Category","dashboard.capacity.staffed":"Staffed normally","dashboard.capacity.surge":"In a surge","dashboard.capacity.physical":"Physical","dashboard.capacity.none":"No capacity recorded.","dashboard.reserves.title":"Personnel reserves","dashboard.reserves.profession":"Profession","dashboard.reserves.total":"In all","dashboard.reserves.available":"Available within 24 h","dashboard.reserves.conflict":"Also at the Armed Forces' disposal","dashboard.reserves.overdue":"Due for verification","dashboard.reserves.none":"No reserves recorded.","dashboard.situation.title":"Situation reports {date}","dashboard.situation.received":"{count} reports received","dashboard.situation.worst":"Worst status: {status}","dashboard.situation.aspect":"Aspect","dashboard.situation.none":"No reports today.","dashboard.error":"Could not fetch {what}: {message}","category.ward":"Ward","category.intermediate":"Intermediate","category.icu":"Intensive care","status.normal":"normal","status.strained":"strained","status.critical":"critical","aspect.status":"Overall","aspect.capacity_status":"Capacity","aspect.staff_status":"Staff","aspect.stock_status":"Stocks","profession.nurse":"Nurse","profession.icu-nurse":"ICU nurse","profession.physician":"Physician","profession.bioengineer":"Bioengineer","profession.medical-technical-engineer":"Medical-technical engineer","profession.ict-engineer":"ICT engineer","profession.other":"Other","dashboard.situation.caption":"Number of reports by status","profession.specialist-nurse":"Specialist nurse","profession.radiographer":"Radiographer","profession.pharmacist":"Pharmacist","profession.paramedic":"Paramedic","profession.health-worker":"Health worker","unit.pieces":"pieces","unit.pairs":"pairs","unit.doses":"doses","unit.packs":"packs","unit.beds":"beds","unit.persons":"persons","unit.months":"months","unit.risks":"risks","unit.reports":"reports","unit.institutions":"institutions","a11y.title":"Accessibility statement","a11y.draft":"Draft. The organisation that puts klar to use is to complete and publish the statement.","a11y.intro":"klar is to be universally designed and meet WCAG 2.1 level AA, which public bodies in Norway must follow.","a11y.tested.title":"How it is tested","a11y.tested.axe":"Every screen is checked automatically with axe-core against the WCAG 2.0 and 2.1 rules, levels A and AA, in a real browser.","a11y.tested.keyboard":"The main tasks are tested with the keyboard alone.","a11y.tested.reflow":"The pages are tested at 320 pixels width.","a11y.tested.tables":"Every chart has a table with the same figures.","a11y.known.title":"Known shortcomings","a11y.known.text":"Several screens are being built. Automatic tests do not find every problem; manual testing with a screen reader remains.","a11y.contact.title":"Tell us","a11y.contact.text":"If something does not work, tell the organisation that runs the service. You may also complain to the Authority for Universal Design of ICT (the Norwegian Digitalisation Agency).","notfound.title":"Page not found","notfound.text":"The address {path} does not exist in klar.","notfound.home":"To the overview","error.network":"Cannot reach the server. Check the network and try again.","error.field":"Errors in the form:","form.required":"is required","form.saving":"Saving \u2026","form.saved":"Saved"};var dt={nb:ct,en:ut},_t="klar.lang";function Kt(){try{return localStorage.getItem(_t)}catch{return null}}var D=Kt()==="en"?"en":"nb";function ue(){return D}function pt(e){D=e==="en"?"en":"nb";try{localStorage.setItem(_t,D)}catch{}document.documentElement.lang=D==="nb"?"nb":"en"}function i(e,t){let n=dt[D][e];return n===void 0?(console.error(`klar: no text for '${e}' in ${D}`),e):t?n.replace(/\{(\w+)\}/g,(o,a)=>t[a]===void 0||t[a]===null?o:String(t[a])):n}function J(e,t){let n=dt[D][e];return n===void 0?t:n}document.documentElement.lang=D==="nb"?"nb":"en";var Fe=null,ht=()=>{},de=class extends Error{constructor(t,n,o){super(n),this.status=t,this.field=o||null}};function _e(e){Fe=e||null}function ft(e){ht=e}async function E(e,t,n){let o={Accept:"application/json"};n!==void 0&&(o["Content-Type"]="application/json"),e!=="GET"&&Fe&&(o["X-CSRF-Token"]=Fe);let a;try{a=await fetch(`/api/v1${t}`,{method:e,headers:o,credentials:"same-origin",body:n===void 0?void 0:JSON.stringify(n)})}catch{throw new de(0,i("error.network"))}let r=null;try{r=await a.json()}catch{r=null}if(a.status===401&&t!=="/login"&&ht(),!a.ok){let s=r&&r.error;throw new de(a.status,s&&s.message?s.message:`HTTP ${a.status}`,s&&s.field)}return r}var mt=e=>E("GET",e);function I(e,t){let n=new URLSearchParams;for(let[a,r]of Object.entries(t||{}))r!=null&&r!==""&&n.set(a,String(r));let o=n.toString();return o?`${e}?${o}`:e}var pe=new Set;function he(){return window.location.pathname}function fe(){return new URLSearchParams(window.location.search)}function H(e,{replace:t=!1}={}){if(e!==window.location.pathname+window.location.search){t?history.replaceState(null,"",e):history.pushState(null,"",e);for(let n of pe)n(he())}}function gt(e){return pe.add(e),()=>pe.delete(e)}window.addEventListener("popstate",()=>{for(let e of pe)e(he())});function vt(e){let t=e.currentTarget;e.defaultPrevented||e.button!==0||e.metaKey||e.ctrlKey||e.shiftKey||e.altKey||t.target||t.origin!==window.location.origin||(e.preventDefault(),H(t.pathname+t.search))}var $t=function(e,t,n,o){var a;t[0]=0;for(var r=1;r<t.length;r++){var s=t[r++],l=t[r]?(t[0]|=s?1:2,n[t[r++]]):t[++r];s===3?o[0]=l:s===4?o[1]=Object.assign(o[1]||{},l):s===5?(o[1]=o[1]||{})[t[++r]]=l:s===6?o[1][t[++r]]+=l+"":s?(a=e.apply(l,$t(e,l,n,["",null])),o.push(a),l[0]?t[0]|=2:(t[r-2]=0,t[r]=a)):o.push(l)}return o},bt=new Map;function yt(e){var t=bt.get(this);return t||(t=new Map,bt.set(this,t)),(t=$t(this,t.get(e)||(t.set(e,t=(function(n){for(var o,a,r=1,s="",l="",_=[0],h=function(p){r===1&&(p||(s=s.replace(/^\s*\n\s*|\s*\n\s*$/g,"")))?_.push(0,p,s):r===3&&(p||s)?(_.push(3,p,s),r=2):r===2&&s==="..."&&p?_.push(4,p,0):r===2&&s&&!p?_.push(5,0,!0,s):r>=5&&((s||!p&&r===5)&&(_.push(r,0,s,a),r=6),p&&(_.push(r,p,0,a),r=6)),s=""},u=0;u<n.length;u++){u&&(r===1&&h(),h(u));for(var v=0;v<n[u].length;v++)o=n[u][v],r===1?o==="<"?(h(),_=[_],r=3):s+=o:r===4?s==="--"&&o===">"?(r=1,s=""):s=o+s[0]:l?o===l?l="":s+=o:o==='"'||o==="'"?l=o:o===">"?(h(),r=1):r&&(o==="="?(r=5,a=s,s=""):o==="/"&&(r<5||n[u][v+1]===">")?(h(),r===3&&(_=_[0]),r=_,(_=_[0]).push(2,0,r),r=0):o===" "||o==="	"||o===`
`||o==="\r"?(h(),r=2):s+=o),r===3&&s==="!--"&&(r=4,_=_[0])}return h(),_})(e)),t),arguments,[])).length>1?t:t[0]}var d=yt.bind(Be);function V({href:e,children:t,...n}){return d`<a href=${e} onClick=${vt} ...${n}>${t}</a>`}function W({id:e,label:t,hint:n,error:o,type:a="text",value:r,onInput:s,...l}){let _=[n?`${e}-hint`:null,o?`${e}-error`:null].filter(Boolean).join(" ")||void 0;return d`
    <div class=${o?"field field-error":"field"}>
      <label for=${e}>${t}</label>
      ${n&&d`<p class="hint" id=${`${e}-hint`}>${n}</p>`}
      ${o&&d`<p class="error-text" id=${`${e}-error`}>${o}</p>`}
      <input id=${e} name=${e} type=${a} value=${r}
             onInput=${h=>s(h.currentTarget.value)}
             aria-invalid=${o?"true":void 0} aria-describedby=${_}
             ...${l} />
    </div>`}function Z({error:e}){return e?d`<div class="form-error" role="alert"><p>${e}</p></div>`:null}function P({title:e,id:t,children:n,className:o=""}){let a=`${t}-heading`;return d`
    <section class=${`card ${o}`} id=${t} aria-labelledby=${a}>
      <h2 id=${a}>${e}</h2>
      ${n}
    </section>`}function kt(e){return e?e.field?{[e.field]:e.message}:{_form:e.message}:{}}var X=null;function wt(e){X||(X=document.getElementById("status")),X&&(X.textContent="",setTimeout(()=>{X.textContent=e},50))}function K({label:e,children:t}){return d`<div class="table-scroll" role="region" aria-label=${e} tabindex="0">${t}</div>`}function xt(){return d`<p class="loading">${i("app.loading")}</p>`}function St({onLoggedIn:e,notice:t}){let[n,o]=x(""),[a,r]=x(""),[s,l]=x(!1),[_,h]=x(null);async function u(v){v.preventDefault(),l(!0),h(null);try{let p=await E("POST","/login",{username:n,password:a});await e(p.csrf_token)}catch(p){h(p.message),l(!1)}}return d`
    <div class="narrow">
      <h1 tabindex="-1">${i("login.title")}</h1>
      ${t&&d`<p class="notice" role="status">${t}</p>`}
      <p>${i("login.intro")}</p>
      <form onSubmit=${u} novalidate>
        <${Z} error=${_} />
        <${W} id="username" label=${i("login.username")} value=${n}
                  onInput=${o} autocomplete="username" required />
        <${W} id="password" label=${i("login.password")} type="password" value=${a}
                  onInput=${r} autocomplete="current-password" required />
        <button type="submit" class="button primary" disabled=${s}>
          ${s?i("login.busy"):i("login.submit")}
        </button>
      </form>
    </div>`}var Gt="\u202F",Oe=new Map;function zt(e){return Oe.has(e)||Oe.set(e,new Intl.NumberFormat("nb-NO",{minimumFractionDigits:e,maximumFractionDigits:e})),Oe.get(e)}function T(e,t=0){return e==null||Number.isNaN(e)?"\u2013":zt(t).format(e).replace(/[\u00a0\u202f ]/g,Gt).replace("-","\u2212")}function me(e){if(!e)return"\u2013";let t=/^(\d{4})-(\d{2})-(\d{2})/.exec(e);return t?`${t[3]}.${t[2]}.${t[1]}`:e}var Qt=new Intl.DateTimeFormat("nb-NO",{timeZone:"Europe/Oslo",day:"2-digit",month:"2-digit",year:"numeric",hour:"2-digit",minute:"2-digit"});function ge(e){let t=e instanceof Date?e:new Date(e*1e3);return Qt.format(t).replace(",","")}function ve(e){return J(`unit.${e}`,e)}function Ct(e,t=0){return e?`${T(e.value,t)} ${ve(e.unit)}`:"\u2013"}function Yt(){let[e,t]=x(""),[n,o]=x(""),[a,r]=x(""),[s,l]=x({}),[_,h]=x(!1);async function u(v){if(v.preventDefault(),h(!1),n!==a){l({repeat:i("account.password.mismatch")});return}try{await E("PUT","/me/password",{old_password:e,new_password:n}),t(""),o(""),r(""),l({}),h(!0),wt(i("account.password.saved"))}catch(p){let c=kt(p);l({old:c.old_password,next:c.new_password,_form:c._form})}}return d`
    <form onSubmit=${u} novalidate>
      <${Z} error=${s._form} />
      <${W} id="old" label=${i("account.password.old")} type="password" value=${e}
                onInput=${t} error=${s.old} autocomplete="current-password" />
      <${W} id="next" label=${i("account.password.new")} type="password" value=${n}
                onInput=${o} error=${s.next} autocomplete="new-password" />
      <${W} id="repeat" label=${i("account.password.repeat")} type="password"
                value=${a} onInput=${r} error=${s.repeat}
                autocomplete="new-password" />
      <button type="submit" class="button primary">${i("account.password.submit")}</button>
      ${_&&d`<p class="success">${i("account.password.saved")}</p>`}
    </form>`}function Tt({me:e,onLoggedOut:t}){let[n,o]=x(null);async function a(){try{await E("DELETE","/me/sessions"),t()}catch(r){o(r.message)}}return d`
    <h1 tabindex="-1">${i("account.title")}</h1>
    <dl class="facts">
      <dt>${i("account.user")}</dt><dd>${e.user.name}</dd>
      <dt>${i("account.organisation")}</dt><dd>${e.organisation.name||e.organisation.id}</dd>
      <dt>${i("account.role")}</dt><dd>${i(`role.${e.role}`)}</dd>
      <dt>${i("account.session_ends")}</dt><dd>${ge(e.session_expires_at)}</dd>
    </dl>
    <div class="cards">
      <${P} id="password" title=${i("account.password.title")}>
        <${Yt} />
      <//>
      <${P} id="sessions" title=${i("account.sessions.title")}>
        <p>${i("account.sessions.intro")}</p>
        <${Z} error=${n} />
        <button type="button" class="button" onClick=${a}>
          ${i("account.sessions.submit")}
        </button>
      <//>
    </div>`}function B(e){let[t,n]=x({data:null,error:null});return q(()=>{let o=!0;return n({data:null,error:null}),mt(e).then(a=>o&&n({data:a,error:null}),a=>o&&n({data:null,error:a})),()=>{o=!1}},[e]),t}function G({state:e,what:t,render:n}){return e.error?d`<p class="form-error">${i("dashboard.error",{what:t,message:e.error.message})}</p>`:e.data?n(e.data):d`<${xt} />`}function Jt(e,t){let n=new Map;for(let s of e){let l=n.get(s.parent_id)||[];l.push(s),n.set(s.parent_id,l)}let o=[],a=(s,l)=>{o.push({org:s,depth:l});let _=(n.get(s.id)||[]).sort((h,u)=>h.name.localeCompare(u.name,"nb"));for(let h of _)a(h,l+1)},r=e.find(s=>s.id===t);return r&&a(r,0),o}function Xt({me:e,within:t}){let n=B(I("/organisations",{within:e.organisation.id})),o=n.data?Jt(n.data.organisations,e.organisation.id):[],a=r=>H(r===e.organisation.id?"/":I("/",{within:r}));return d`
    <div class="field within">
      <label for="within">${i("dashboard.within")}</label>
      <p class="hint" id="within-hint">${i("dashboard.within.help")}</p>
      <select id="within" aria-describedby="within-hint" value=${t}
              onChange=${r=>a(r.currentTarget.value)}>
        ${o.length===0&&d`<option value=${t}>${t}</option>`}
        ${o.map(({org:r,depth:s})=>d`
          <option value=${r.id}>${"\xA0\xA0".repeat(s)}${r.name}</option>`)}
      </select>
    </div>`}function be(e,t){return t&&t.unit?`${e} (${ve(t.unit)})`:e}function Zt(e){return e>=15?"very-high":e>=10?"high":e>=5?"medium":"low"}function en({within:e}){let t=B(I("/risks/matrix",{within:e}));return d`
    <${P} id="matrix" title=${i("dashboard.matrix.title")}>
      <${G} state=${t} what=${i("dashboard.matrix.title")} render=${n=>d`
        <${K} label=${i("dashboard.matrix.caption")}><table class="matrix">
          <caption>${i("dashboard.matrix.caption")}</caption>
          <thead>
            <tr>
              <td></td>
              <th scope="colgroup" colspan="5">${i("dashboard.matrix.consequence")}</th>
            </tr>
            <tr>
              <th scope="col"><span class="visually-hidden">${i("dashboard.matrix.probability")}</span></th>
              ${[1,2,3,4,5].map(o=>d`<th scope="col">${o}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${[5,4,3,2,1].map(o=>d`
              <tr>
                <th scope="row">${o}</th>
                ${[1,2,3,4,5].map(a=>d`
                  <td class=${`score-${Zt(o*a)}`}>${T(n.matrix[o-1][a-1])}</td>`)}
              </tr>`)}
          </tbody>
        </table><//>
        <p>${i("dashboard.matrix.total",{count:T(n.total)})}</p>
        <p class=${n.comprehensive_ros.older_than_four_years?"warning":""}>
          ${n.comprehensive_ros.older_than_four_years?i("dashboard.matrix.ros_old"):i("dashboard.matrix.ros_ok",{date:me(n.comprehensive_ros.last_assessed)})}
        </p>`} />
    <//>`}function Lt({path:e,title:t,dueField:n,within:o}){let a=B(I(e,{within:o,overdue:"true",limit:5})),r=e.slice(1).replace("-","_");return d`
    <h3>${t}</h3>
    <${G} state=${a} what=${t} render=${s=>s.total===0?d`<p>${i("dashboard.overdue.none")}</p>`:d`<ul class="plain">
          ${s[r].map(l=>d`
            <li>${l.title} <span class="muted">(${i("dashboard.overdue.due",{date:me(l[n])})})</span></li>`)}
          ${s.total>s[r].length&&d`<li class="muted">… ${T(s.total-s[r].length)}</li>`}
        </ul>`} />`}function tn({within:e}){return d`
    <${P} id="overdue" title=${i("dashboard.overdue.title")}>
      <${Lt} path="/plans" title=${i("dashboard.overdue.plans")} dueField="revision_due" within=${e} />
      <${Lt} path="/learning-points" title=${i("dashboard.overdue.points")} dueField="due" within=${e} />
    <//>`}function nn({within:e}){let t=B(I("/stocks/compliance",{within:e}));return d`
    <${P} id="stocks" title=${i("dashboard.stocks.title")}>
      <${G} state=${t} what=${i("dashboard.stocks.title")} render=${n=>{let o=n.items.filter(a=>!a.compliant);return d`
          ${o.length===0?d`<p>${i("dashboard.stocks.none")}</p>`:d`
            <${K} label=${i("dashboard.stocks.title")}><table>
              <thead><tr>
                <th scope="col">${i("dashboard.stocks.item")}</th>
                <th scope="col" class="num">${i("dashboard.stocks.cover")}</th>
                <th scope="col" class="num">${i("dashboard.stocks.shortfall")}</th>
                <th scope="col" class="num">${i("dashboard.stocks.institutions")}</th>
              </tr></thead>
              <tbody>${o.map(a=>d`
                <tr>
                  <th scope="row">${a.item}</th>
                  <td class="num">${Ct(a.months_of_cover,1)}</td>
                  <td class="num">${T(a.shortfall.value)} ${ve(a.unit)}</td>
                  <td class="num">${T(a.non_compliant_institutions.value)}</td>
                </tr>`)}
              </tbody>
            </table><//>`}
          <p class="muted small">${i("dashboard.stocks.source",{value:T(n.target_months.value),source:n.target_months.source})}</p>`}} />
    <//>`}function on({within:e}){let t=B(I("/capacity/summary",{within:e}));return d`
    <${P} id="capacity" title=${i("dashboard.capacity.title")}>
      <${G} state=${t} what=${i("dashboard.capacity.title")} render=${n=>n.categories.length===0?d`<p>${i("dashboard.capacity.none")}</p>`:d`
        <${K} label=${i("dashboard.capacity.title")}><table>
          <thead><tr>
            <th scope="col">${i("dashboard.capacity.category")}</th>
            <th scope="col" class="num">${be(i("dashboard.capacity.physical"),n.categories[0].physical)}</th>
            <th scope="col" class="num">${be(i("dashboard.capacity.staffed"),n.categories[0].staffed)}</th>
            <th scope="col" class="num">${be(i("dashboard.capacity.surge"),n.categories[0].surge)}</th>
          </tr></thead>
          <tbody>${n.categories.map(o=>d`
            <tr>
              <th scope="row">${J(`category.${o.category}`,o.category)}</th>
              <td class="num">${T(o.physical.value)}</td>
              <td class="num">${T(o.staffed.value)}</td>
              <td class="num">${T(o.surge.value)}</td>
            </tr>`)}
          </tbody>
        </table><//>`} />
    <//>`}function rn({within:e}){let t=B(I("/reserves/summary",{within:e}));return d`
    <${P} id="reserves" title=${i("dashboard.reserves.title")}>
      <${G} state=${t} what=${i("dashboard.reserves.title")} render=${n=>n.professions.length===0?d`<p>${i("dashboard.reserves.none")}</p>`:d`
        <${K} label=${i("dashboard.reserves.title")}><table>
          <thead><tr>
            <th scope="col">${i("dashboard.reserves.profession")}</th>
            <th scope="col" class="num">${be(i("dashboard.reserves.total"),n.professions[0].total)}</th>
            <th scope="col" class="num">${i("dashboard.reserves.available")}</th>
            <th scope="col" class="num">${i("dashboard.reserves.conflict")}</th>
            <th scope="col" class="num">${i("dashboard.reserves.overdue")}</th>
          </tr></thead>
          <tbody>${n.professions.map(o=>d`
            <tr>
              <th scope="row">${J(`profession.${o.profession}`,o.profession)}</th>
              <td class="num">${T(o.total.value)}</td>
              <td class="num">${T(o.available_24h.value)}</td>
              <td class="num">${T(o.armed_forces_conflict.value)}</td>
              <td class="num">${T(o.verification_overdue.value)}</td>
            </tr>`)}
          </tbody>
        </table><//>`} />
    <//>`}var an=["status","capacity_status","staff_status","stock_status"],Pt=["normal","strained","critical"];function sn({within:e}){let t=B(I("/situation-reports/rollup",{within:e})),n=t.data?i("dashboard.situation.title",{date:me(t.data.date)}):i("dashboard.situation.title",{date:""});return d`
    <${P} id="situation" title=${n}>
      <${G} state=${t} what=${n} render=${o=>o.reports_received.value===0?d`<p>${i("dashboard.situation.none")}</p>`:d`
        <p>${i("dashboard.situation.received",{count:T(o.reports_received.value)})}.
           ${" "}<strong class=${`level-${o.worst_status}`}>${i("dashboard.situation.worst",{status:i(`status.${o.worst_status}`)})}</strong></p>
        <${K} label=${n}><table>
          <caption>${i("dashboard.situation.caption")}</caption>
          <thead><tr>
            <th scope="col">${i("dashboard.situation.aspect")}</th>
            ${Pt.map(a=>d`<th scope="col" class="num">${i(`status.${a}`)}</th>`)}
          </tr></thead>
          <tbody>${an.map(a=>d`
            <tr>
              <th scope="row">${i(`aspect.${a}`)}</th>
              ${Pt.map(r=>d`<td class="num">${T(o[a][r].value)}</td>`)}
            </tr>`)}
          </tbody>
        </table><//>`} />
    <//>`}function At({me:e}){let t=fe().get("within")||e.organisation.id,[n]=x(()=>new Date);return d`
    <h1 tabindex="-1">${i("dashboard.title")}</h1>
    <${Xt} me=${e} within=${t} />
    <p class="muted small">${i("dashboard.updated",{time:ge(n)})}</p>
    <div class="cards">
      <${en} within=${t} />
      <${tn} within=${t} />
      <${sn} within=${t} />
      <${nn} within=${t} />
      <${on} within=${t} />
      <${rn} within=${t} />
    </div>`}function Et(){return d`
    <div class="narrow">
      <h1 tabindex="-1">${i("a11y.title")}</h1>
      <p class="notice">${i("a11y.draft")}</p>
      <p>${i("a11y.intro")}</p>
      <h2>${i("a11y.tested.title")}</h2>
      <ul>
        <li>${i("a11y.tested.axe")}</li>
        <li>${i("a11y.tested.keyboard")}</li>
        <li>${i("a11y.tested.reflow")}</li>
        <li>${i("a11y.tested.tables")}</li>
      </ul>
      <h2>${i("a11y.known.title")}</h2>
      <p>${i("a11y.known.text")}</p>
      <h2>${i("a11y.contact.title")}</h2>
      <p>${i("a11y.contact.text")}</p>
    </div>`}function It({path:e}){return d`
    <div class="narrow">
      <h1 tabindex="-1">${i("notfound.title")}</h1>
      <p>${i("notfound.text",{path:e})}</p>
      <p><${V} href="/">${i("notfound.home")}<//></p>
    </div>`}var ln={"/":{title:"nav.dashboard",needsLogin:!0,view:e=>d`<${At} ...${e} />`},"/konto":{title:"nav.account",needsLogin:!0,view:e=>d`<${Tt} ...${e} />`},"/tilgjengelighet":{title:"nav.accessibility",needsLogin:!1,view:()=>d`<${Et} />`}},cn=[{href:"/",key:"nav.dashboard"},{href:"/konto",key:"nav.account"}];function un({me:e,path:t,onLogout:n,onLang:o}){return d`
    <header class="site-header">
      <a class="skip" href="#main">${i("app.skip")}</a>
      <div class="brand">
        <${V} href="/" class="brand-name">${i("app.name")}<//>
        <span class="brand-tagline">${i("app.tagline")}</span>
      </div>
      ${e&&d`
        <nav aria-label=${i("nav.label")}>
          <ul>
            ${cn.map(a=>d`
              <li><${V} href=${a.href} aria-current=${t===a.href?"page":void 0}>
                ${i(a.key)}<//></li>`)}
          </ul>
        </nav>`}
      <div class="header-tools">
        <button type="button" class="button small" lang=${ue()==="nb"?"en":"nb"}
                aria-label=${i("app.language.switch.label")} onClick=${o}>
          ${i("app.language.switch")}
        </button>
        ${e&&d`
          <span class="who">${i("nav.signed_in_as",{name:e.user.name,role:i(`role.${e.role}`),org:e.organisation.name||e.organisation.id})}</span>
          <button type="button" class="button small" onClick=${n}>${i("nav.logout")}</button>`}
      </div>
    </header>`}function dn(){return d`
    <footer class="site-footer">
      <${V} href="/tilgjengelighet">${i("a11y.title")}<//>
    </footer>`}function _n(){let[e,t]=x(he()),[n,o]=x(void 0),[a,r]=x(null),[,s]=x(0);async function l(){try{let g=await E("GET","/session");return _e(g.active?g.csrf_token:null),o(g.active?g:null),g}catch{return o(null),null}}q(()=>{l();let g=gt(f=>t(f));return ft(()=>{o(null),r(i("login.expired"));let f=window.location.pathname+window.location.search;H(`/logg-inn?neste=${encodeURIComponent(f)}`,{replace:!0})}),g},[]);let _=ln[e];q(()=>{let g=_?i(_.title):e==="/logg-inn"?i("login.title"):i("notfound.title");document.title=`${g} \u2013 ${i("app.name")}`;let f=document.querySelector("main h1");f&&document.activeElement!==document.body&&f.focus()},[e,n,ue()]);async function h(g){_e(g),r(null),await l()}async function u(){try{await E("POST","/logout")}catch{}v()}function v(){_e(null),o(null),r(i("login.logged_out")),H("/logg-inn",{replace:!0})}function p(){pt(ue()==="nb"?"en":"nb"),s(g=>g+1)}let c=fe().get("neste"),m=n===null&&_&&_.needsLogin,y=n&&e==="/logg-inn";q(()=>{m?H(`/logg-inn?neste=${encodeURIComponent(e+window.location.search)}`,{replace:!0}):y&&H(c&&c.startsWith("/")&&!c.startsWith("//")?c:"/",{replace:!0})},[m,y,e]);let b;return n===void 0||y?b=d`<p class="loading">${i("app.loading")}</p>`:m||e==="/logg-inn"&&!n?b=d`<${St} onLoggedIn=${h} notice=${a} />`:_?b=_.view({me:n,onLoggedOut:v}):b=d`<${It} path=${e} />`,d`
    <${un} me=${n} path=${e} onLogout=${u} onLang=${p} />
    <main id="main" tabindex="-1">${b}</main>
    <${dn} />
    <div id="status" class="visually-hidden" role="status" aria-live="polite"></div>`}Ye(d`<${_n} />`,document.getElementById("app"));
